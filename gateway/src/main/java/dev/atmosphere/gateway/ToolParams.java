package dev.atmosphere.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Set;

/**
 * The OpenAI function-calling and output-format fields of a chat request, checked at the door: {@code tools}
 * (function definitions), {@code tool_choice}, {@code parallel_tool_calls}, {@code response_format}; and the tool
 * parts of messages (an assistant's {@code tool_calls}, a tool message's {@code tool_call_id}). They travel to the
 * backend in the intent's parameters and messages; a malformed one is a 400 naming the field.
 */
final class ToolParams {

  static final Set<String> PASS_THROUGH = Set.of("tools", "tool_choice", "parallel_tool_calls", "response_format");
  private static final int MAX_TOOLS = 128;

  private ToolParams() {}

  /** Checks the request's tool fields; true when tools are offered (and not switched off by tool_choice "none"). */
  static boolean check(JsonNode body) {
    JsonNode tools = body.path("tools");
    if (!tools.isMissingNode() && !tools.isNull()) {
      if (!tools.isArray() || tools.size() > MAX_TOOLS) {
        throw GatewayError.badRequest("tools", "'tools' must be an array of at most " + MAX_TOOLS + " tools");
      }
      for (int i = 0; i < tools.size(); i++) {
        JsonNode t = tools.get(i);
        if (!"function".equals(t.path("type").asText()) || !t.path("function").path("name").isTextual()) {
          throw GatewayError.badRequest("tools[" + i + "]", "each tool needs type 'function' and function.name");
        }
      }
    }
    JsonNode format = body.path("response_format");
    if (!format.isMissingNode() && !format.isNull()) {
      String type = format.path("type").asText("");
      if (!Set.of("text", "json_object", "json_schema").contains(type)) {
        throw GatewayError.badRequest("response_format.type", "must be text, json_object or json_schema");
      }
      if (type.equals("json_schema") && !format.path("json_schema").path("schema").isObject()) {
        throw GatewayError.badRequest("response_format.json_schema.schema", "a json_schema format needs a schema");
      }
    }
    JsonNode choice = body.path("tool_choice");
    boolean off = choice.isTextual() && choice.asText().equals("none");
    return tools.isArray() && !tools.isEmpty() && !off;
  }

  /** An assistant message's tool calls as JSON, or null; checked to be an array. */
  static String toolCalls(JsonNode message, int index) {
    JsonNode calls = message.path("tool_calls");
    if (calls.isMissingNode() || calls.isNull()) {
      return null;
    }
    if (!calls.isArray()) {
      throw GatewayError.badRequest("messages[" + index + "].tool_calls", "'tool_calls' must be an array");
    }
    return calls.toString();
  }

  /** A tool message's {@code tool_call_id}, required for role tool. */
  static String toolCallId(JsonNode message, int index) {
    JsonNode id = message.path("tool_call_id");
    if ("tool".equals(message.path("role").asText()) && !id.isTextual()) {
      throw GatewayError.badRequest("messages[" + index + "].tool_call_id", "a tool message needs 'tool_call_id'");
    }
    return id.isTextual() ? id.asText() : null;
  }

  /**
   * A request with tools must be able to reach a model that calls them: a 400 naming {@code model} when the pinned
   * capability or model says it cannot, or {@code tools} when nothing on the mesh could (Ollama models announce
   * {@code tools: true|false}; LlamaFarm projects do not say, so they count as able).
   */
  static void requireCaller(dev.atmosphere.schemas.Intent.Builder intent,
      java.util.List<dev.atmosphere.schemas.CapabilityAnnouncement> table) {
    java.util.function.Predicate<dev.atmosphere.schemas.CapabilityAnnouncement> able = c ->
        c.getType() != dev.atmosphere.schemas.CapabilityType.EMBEDDINGS
            && !"false".equals(c.getMetadata().getExtra().get("tools"));
    String capability = intent.getPinnedCapabilityId();
    String model = intent.getPinnedModel();
    java.util.List<dev.atmosphere.schemas.CapabilityAnnouncement> pinned = table.stream()
        .filter(c -> capability != null ? c.getCapabilityId().equals(capability)
            : model != null && (c.getModels().contains(model) || c.getName().equals(model)))
        .toList();
    if ((capability != null || model != null) && !pinned.isEmpty() && pinned.stream().noneMatch(able)) {
      throw new GatewayError(400, "invalid_request_error", "model", "model_cannot_call_tools", "the request offers "
          + "tools but '" + (capability != null ? capability : model) + "' cannot call them (its Ollama /api/show lists "
          + "no 'tools'); use 'auto' or a model that can");
    }
    if (capability == null && model == null && !table.isEmpty() && table.stream().noneMatch(able)) {
      throw new GatewayError(400, "invalid_request_error", "tools", "no_tool_capability", "the request offers tools "
          + "but no model on the mesh can call them; pull one that can (e.g. qwen3 or llama3.1) on some node");
    }
  }
}
