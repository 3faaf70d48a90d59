package dev.atmosphere.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The legacy completions API, which older clients (LangChain's {@code OpenAI} LLM class) still call. */
final class LegacyCompletions {

  private LegacyCompletions() {}

  /**
   * The legacy {@code /v1/completions} body as the chat body it means: {@code prompt} (a string, or an array of one
   * string) becomes the one user message; the rest (model, max_tokens, temperature, atmosphere…) carries over.
   */
  static JsonNode asChat(JsonNode body) {
    JsonNode prompt = body.path("prompt");
    if (prompt.isArray() && prompt.size() == 1 && prompt.get(0).isTextual()) {
      prompt = prompt.get(0);
    }
    if (!prompt.isTextual() || prompt.asText().isBlank()) {
      throw GatewayError.badRequest("prompt", "'prompt' must be a non-empty string (batches of prompts are not "
          + "supported: send one request per prompt)");
    }
    if (body.path("stream").asBoolean(false)) {
      throw GatewayError.badRequest("stream", "streaming is served on /v1/chat/completions, not /v1/completions");
    }
    ObjectNode chat = ((ObjectNode) body).deepCopy();
    chat.remove("prompt");
    chat.putArray("messages").addObject().put("role", "user").put("content", prompt.asText());
    return chat;
  }
}
