package dev.atmosphere.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * The OpenAI Responses API ({@code POST /v1/responses}) — what the newer SDK calls, the Agents SDK and the Vercel AI SDK
 * use by default — read as the chat request it means: {@code instructions} and {@code input} (a string, or message,
 * {@code function_call} and {@code function_call_output} items with text and image parts) become the messages;
 * {@code max_output_tokens}, {@code text.format} and function {@code tools} their chat names. Nothing is stored, so
 * {@code previous_response_id} and server-side tools are refused with a 400 naming the field.
 */
final class ResponsesRequests {

  private static final List<String> CARRIED = List.of("model", "stream", "temperature", "top_p", "user",
      "parallel_tool_calls", "atmosphere");

  private ResponsesRequests() {}

  static JsonNode asChat(JsonNode body) {
    if (!body.path("previous_response_id").isMissingNode() && !body.path("previous_response_id").isNull()) {
      throw GatewayError.badRequest("previous_response_id", "responses are not stored here: send the whole "
          + "conversation in 'input'");
    }
    ObjectNode chat = OpenAiRequests.JSON.createObjectNode();
    CARRIED.forEach(k -> {
      if (body.has(k)) {
        chat.set(k, body.get(k));
      }
    });
    if (body.has("max_output_tokens") && !body.get("max_output_tokens").isNull()) {
      chat.set("max_tokens", body.get("max_output_tokens"));
    }
    ArrayNode messages = chat.putArray("messages");
    if (body.path("instructions").isTextual()) {
      messages.addObject().put("role", "system").put("content", body.get("instructions").asText());
    }
    JsonNode input = body.path("input");
    if (input.isTextual() && input.asText().isBlank()) { // else the chat check would blame 'messages', not sent here
      throw GatewayError.badRequest("input", "'input' is empty: say what you want");
    }
    if (input.isTextual()) {
      messages.addObject().put("role", "user").put("content", input.asText());
    } else if (input.isArray()) {
      for (int i = 0; i < input.size(); i++) {
        item(input.get(i), "input[" + i + "]", messages);
      }
    } else {
      throw GatewayError.badRequest("input", "'input' must be a string or an array of input items");
    }
    format(body.path("text").path("format"), chat);
    tools(body, chat);
    return chat;
  }

  private static void item(JsonNode item, String field, ArrayNode messages) {
    String type = item.path("type").asText("message");
    switch (type) {
      case "message" -> {
        String role = item.path("role").asText();
        if (!List.of("user", "system", "developer", "assistant").contains(role)) {
          throw GatewayError.badRequest(field + ".role", "'role' must be user, system, developer or assistant");
        }
        messages.addObject().put("role", role.equals("developer") ? "system" : role)
            .set("content", content(item.path("content"), field + ".content"));
      }
      case "function_call" -> {
        JsonNode last = messages.isEmpty() ? null : messages.get(messages.size() - 1);
        ObjectNode assistant = last != null && last.has("tool_calls") ? (ObjectNode) last
            : messages.addObject().put("role", "assistant").put("content", "");
        ArrayNode calls = assistant.has("tool_calls") ? (ArrayNode) assistant.get("tool_calls")
            : assistant.putArray("tool_calls");
        ObjectNode call = calls.addObject().put("id", item.path("call_id").asText()).put("type", "function");
        call.putObject("function").put("name", item.path("name").asText())
            .put("arguments", item.path("arguments").asText("{}"));
      }
      case "function_call_output" -> messages.addObject().put("role", "tool")
          .put("tool_call_id", item.path("call_id").asText()).put("content", item.path("output").asText());
      default -> throw GatewayError.badRequest(field + ".type", "input items of type '" + type + "' are not "
          + "supported (message, function_call and function_call_output are)");
    }
  }

  /** A message's content: a string, or input_text / output_text / input_image parts as chat content parts. */
  private static JsonNode content(JsonNode content, String field) {
    if (content.isTextual()) {
      return content;
    }
    if (!content.isArray()) {
      throw GatewayError.badRequest(field, "'content' must be a string or an array of content parts");
    }
    ArrayNode parts = OpenAiRequests.JSON.createArrayNode();
    for (int i = 0; i < content.size(); i++) {
      JsonNode part = content.get(i);
      String type = part.path("type").asText();
      if (type.equals("input_text") || type.equals("output_text")) {
        parts.addObject().put("type", "text").put("text", part.path("text").asText());
      } else if (type.equals("input_image") && part.path("image_url").isTextual()) {
        parts.addObject().put("type", "image_url").putObject("image_url").put("url", part.get("image_url").asText());
      } else {
        throw GatewayError.badRequest(field + "[" + i + "].type", "content parts of type '" + type + "' are not "
            + "supported (input_text, output_text and input_image with an image_url are)");
      }
    }
    return parts;
  }

  /** {@code text.format}: plain text, or JSON as chat's {@code response_format}. */
  private static void format(JsonNode format, ObjectNode chat) {
    String type = format.path("type").asText("text");
    if (type.equals("json_object")) {
      chat.putObject("response_format").put("type", "json_object");
    } else if (type.equals("json_schema")) {
      ObjectNode schema = chat.putObject("response_format").put("type", "json_schema").putObject("json_schema");
      for (String k : List.of("name", "schema", "strict", "description")) {
        if (format.has(k)) {
          schema.set(k, format.get(k));
        }
      }
    } else if (!type.equals("text")) {
      throw GatewayError.badRequest("text.format.type", "'text.format.type' must be text, json_object or json_schema");
    }
  }

  /** Function tools as chat tools; built-in tools run on OpenAI's servers and are not offered here. */
  private static void tools(JsonNode body, ObjectNode chat) {
    JsonNode tools = body.path("tools");
    if (tools.isArray() && !tools.isEmpty()) {
      ArrayNode out = chat.putArray("tools");
      for (int i = 0; i < tools.size(); i++) {
        JsonNode t = tools.get(i);
        if (!t.path("type").asText().equals("function")) {
          throw GatewayError.badRequest("tools[" + i + "].type", "only function tools are supported, not '"
              + t.path("type").asText() + "'");
        }
        ObjectNode function = out.addObject().put("type", "function").putObject("function");
        for (String k : List.of("name", "description", "parameters", "strict")) {
          if (t.has(k)) {
            function.set(k, t.get(k));
          }
        }
      }
    }
    JsonNode choice = body.path("tool_choice");
    if (choice.isTextual()) {
      chat.set("tool_choice", choice);
    } else if (choice.path("type").asText().equals("function")) {
      chat.putObject("tool_choice").put("type", "function").putObject("function")
          .put("name", choice.path("name").asText());
    }
  }
}
