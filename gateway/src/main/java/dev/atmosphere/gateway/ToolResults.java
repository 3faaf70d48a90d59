package dev.atmosphere.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atmosphere.schemas.WorkResult;

/** The {@code data} of a {@code /v1/tools/execute} answer in each tool's shape (chat choices, an embedding, RAG hits). */
final class ToolResults {

  private ToolResults() {}

  static JsonNode data(String tool, WorkResult result) {
    ObjectNode data = OpenAiRequests.JSON.createObjectNode();
    switch (tool) {
      case "llamafarm_embed" -> data.set("embedding", parse(result.getOutput()));
      case "llamafarm_rag_query" -> {
        return result.getOutputJson() == null ? data.put("text", result.getOutput()) : parse(result.getOutputJson());
      }
      default -> {
        ObjectNode choice = data.putArray("choices").addObject();
        choice.putObject("message").put("role", "assistant").put("content", result.getOutput());
        choice.put("finish_reason", "stop");
        int prompt = result.getPromptTokens() == null ? 0 : result.getPromptTokens();
        int completion = result.getCompletionTokens() == null ? 0 : result.getCompletionTokens();
        data.putObject("usage").put("prompt_tokens", prompt).put("completion_tokens", completion)
            .put("total_tokens", prompt + completion);
      }
    }
    return data;
  }

  private static JsonNode parse(String json) {
    try {
      return OpenAiRequests.JSON.readTree(json);
    } catch (java.io.IOException e) {
      return OpenAiRequests.JSON.getNodeFactory().textNode(json);
    }
  }
}
