package dev.atmosphere.executor.backend;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atmosphere.common.http.HttpFailure;
import dev.atmosphere.common.http.JsonHttp;
import dev.atmosphere.schemas.ChatMessage;
import dev.atmosphere.schemas.WorkUnit;
import java.io.IOException;

/** Builds the parts of provider requests every backend shares: the message list and the pass-through parameters. */
final class Requests {

  private Requests() {}

  /** The conversation, or the intent text as a single user message. */
  static ArrayNode messages(WorkUnit unit) {
    ArrayNode out = JsonHttp.JSON.createArrayNode();
    if (unit.getMessages().isEmpty()) {
      out.addObject().put("role", "user").put("content", unit.getText());
    } else {
      for (ChatMessage m : unit.getMessages()) {
        out.addObject().put("role", m.getRole()).put("content", m.getContent());
      }
    }
    return out;
  }

  /** The opaque provider parameters of the intent as a JSON object (empty when absent). */
  static ObjectNode parameters(WorkUnit unit) {
    if (unit.getParametersJson() == null || unit.getParametersJson().isBlank()) {
      return JsonHttp.JSON.createObjectNode();
    }
    try {
      JsonNode node = JsonHttp.JSON.readTree(unit.getParametersJson());
      if (!node.isObject()) {
        throw new HttpFailure(HttpFailure.Kind.INVALID_REQUEST, null, "parametersJson must be a JSON object", null);
      }
      return (ObjectNode) node;
    } catch (IOException e) {
      throw new HttpFailure(HttpFailure.Kind.INVALID_REQUEST, null, "parametersJson is not valid JSON", e);
    }
  }

  static Integer intOrNull(JsonNode node) {
    return node != null && node.canConvertToInt() ? node.asInt() : null;
  }
}
