package dev.atmosphere.backends;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atmosphere.common.http.JsonHttp;
import dev.atmosphere.schemas.ChatMessage;
import java.io.IOException;

/**
 * Tool calls between the OpenAI shape the mesh carries and what each backend speaks. LlamaFarm is OpenAI-shaped:
 * calls pass as they are. Ollama's {@code /api/chat} takes and returns {@code tool_calls} as
 * {@code [{function: {name, arguments: {…}}}]} with arguments as an object and no call ids; the mesh gives its
 * calls ids ({@code call_<n>}) and arguments as a JSON string, as OpenAI clients expect.
 */
public final class ToolCalls {

  private ToolCalls() {}

  /** Adds a message's tool calls (assistant) or call id (tool) in the backend's shape. */
  static void addTo(ObjectNode message, ChatMessage m, Requests.ImageStyle style) {
    if (m.getToolCallId() != null && style == Requests.ImageStyle.OPENAI_PARTS) {
      message.put("tool_call_id", m.getToolCallId());
    }
    if (m.getToolCallsJson() == null) {
      return;
    }
    JsonNode calls = parse(m.getToolCallsJson());
    if (style == Requests.ImageStyle.OPENAI_PARTS) {
      message.set("tool_calls", calls);
      return;
    }
    ArrayNode out = message.putArray("tool_calls");
    for (JsonNode call : calls) {
      ObjectNode f = out.addObject().putObject("function").put("name", call.path("function").path("name").asText());
      JsonNode args = call.path("function").path("arguments");
      f.set("arguments", args.isTextual() ? parse(args.asText()) : args);
    }
  }

  /** Ollama's reply calls in the OpenAI shape, or null when the reply calls no tool. */
  public static String fromOllama(JsonNode calls) {
    if (!calls.isArray() || calls.isEmpty()) {
      return null;
    }
    ArrayNode out = JsonHttp.JSON.createArrayNode();
    for (int i = 0; i < calls.size(); i++) {
      JsonNode f = calls.get(i).path("function");
      JsonNode args = f.path("arguments");
      out.addObject().put("id", "call_" + i).put("type", "function").putObject("function")
          .put("name", f.path("name").asText()).put("arguments", args.isTextual() ? args.asText() : args.toString());
    }
    return out.toString();
  }

  /** An OpenAI-shaped reply's calls, or null. */
  public static String fromOpenAi(JsonNode calls) {
    return calls.isArray() && !calls.isEmpty() ? calls.toString() : null;
  }

  /** Ollama's {@code format}: "json" for a JSON object, the schema itself for a JSON schema, null otherwise. */
  public static JsonNode ollamaFormat(JsonNode responseFormat) {
    return switch (responseFormat.path("type").asText("")) {
      case "json_object" -> JsonHttp.JSON.getNodeFactory().textNode("json");
      case "json_schema" -> responseFormat.path("json_schema").path("schema");
      default -> null;
    };
  }

  private static JsonNode parse(String json) {
    try {
      return JsonHttp.JSON.readTree(json);
    } catch (IOException e) {
      return JsonHttp.JSON.createObjectNode();
    }
  }
}
