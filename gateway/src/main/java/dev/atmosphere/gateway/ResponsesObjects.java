package dev.atmosphere.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atmosphere.schemas.RouteDecision;
import dev.atmosphere.schemas.WorkResult;

/**
 * The Responses API's objects, with every field its clients require present (the official SDKs check them): the
 * {@code response} (status, output items, usage), an assistant {@code message} item with one {@code output_text} part,
 * and a {@code function_call} item per tool call — plus the {@code atmosphere} object the other endpoints add.
 */
final class ResponsesObjects {

  private ResponsesObjects() {}

  /** A response: {@code in_progress} with no output yet, {@code completed}, or {@code failed} with an error. */
  static ObjectNode response(String id, long created, String model, String status, ArrayNode output,
      WorkResult result, String error) {
    ObjectNode r = OpenAiRequests.JSON.createObjectNode().put("id", id).put("object", "response")
        .put("created_at", created).put("status", status).put("model", model);
    if (error == null) {
      r.putNull("error");
    } else {
      r.putObject("error").put("code", "server_error").put("message", error);
    }
    r.putNull("incomplete_details").putNull("instructions").putNull("max_output_tokens").putNull("previous_response_id");
    r.putObject("metadata");
    r.set("output", output == null ? OpenAiRequests.JSON.createArrayNode() : output);
    r.put("parallel_tool_calls", true).putNull("temperature").put("tool_choice", "auto").putNull("top_p")
        .put("store", false).put("truncation", "disabled");
    r.putArray("tools");
    r.putObject("text").putObject("format").put("type", "text");
    if (result != null) {
      int in = result.getPromptTokens() == null ? 0 : result.getPromptTokens();
      int out = result.getCompletionTokens() == null ? 0 : result.getCompletionTokens();
      ObjectNode usage = r.putObject("usage").put("input_tokens", in).put("output_tokens", out)
          .put("total_tokens", in + out);
      usage.putObject("input_tokens_details").put("cached_tokens", 0);
      usage.putObject("output_tokens_details").put("reasoning_tokens", 0);
    } else {
      r.putNull("usage");
    }
    return r;
  }

  /** The whole answer of a result: its text as a message item and its tool calls as function_call items. */
  static ArrayNode output(String messageId, WorkResult result) {
    ArrayNode items = OpenAiRequests.JSON.createArrayNode();
    String text = result.getOutput() == null ? "" : result.getOutput();
    JsonNode calls = OpenAiResponses.toolCalls(result);
    if (!text.isEmpty() || calls == null) {
      items.add(message(messageId, text, "completed"));
    }
    if (calls != null) {
      calls.forEach(c -> items.add(functionCall(c)));
    }
    return items;
  }

  static ObjectNode message(String id, String text, String status) {
    ObjectNode m = OpenAiRequests.JSON.createObjectNode().put("id", id).put("type", "message").put("status", status)
        .put("role", "assistant");
    ArrayNode content = m.putArray("content");
    if (text != null) {
      content.add(text(text));
    }
    return m;
  }

  static ObjectNode text(String text) {
    ObjectNode part = OpenAiRequests.JSON.createObjectNode().put("type", "output_text").put("text", text);
    part.putArray("annotations");
    part.putArray("logprobs");
    return part;
  }

  /** A chat tool call ({@code id, function: {name, arguments}}) as a Responses {@code function_call} item. */
  static ObjectNode functionCall(JsonNode call) {
    String callId = call.path("id").asText();
    return OpenAiRequests.JSON.createObjectNode().put("id", "fc_" + callId).put("type", "function_call")
        .put("status", "completed").put("call_id", callId).put("name", call.path("function").path("name").asText())
        .put("arguments", call.path("function").path("arguments").asText("{}"));
  }

  /** The non-streamed answer. */
  static ObjectNode completed(String requestedModel, RouteDecision route, WorkResult result) {
    ObjectNode r = response("resp_" + result.getIntentId(), result.getTimings().getFinishedAt().getEpochSecond(),
        OpenAiResponses.modelOf(requestedModel, result), "completed", output("msg_" + result.getIntentId(), result),
        result, null);
    r.set("atmosphere", OpenAiResponses.extension(route, result));
    return r;
  }
}
