package dev.atmosphere.backends;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atmosphere.common.http.HttpFailure;
import dev.atmosphere.common.http.JsonHttp;
import dev.atmosphere.schemas.ChatMessage;
import dev.atmosphere.schemas.ImagePart;
import dev.atmosphere.schemas.WorkUnit;
import java.io.IOException;
import java.time.Duration;

/** Builds the parts of provider requests every backend shares: the message list and the pass-through parameters. */
public final class Requests {

  private Requests() {}

  /** How a backend wants a message's images. */
  public enum ImageStyle {
    /** Ollama's native API: {@code "images": ["<base64>", …]} beside {@code content}. */
    OLLAMA,
    /** OpenAI-style: {@code content} becomes text and {@code image_url} parts with data URLs. */
    OPENAI_PARTS
  }

  /** The conversation, or the intent text as a single user message; images as the backend expects them. */
  public static ArrayNode messages(WorkUnit unit, ImageStyle style, JsonHttp http, Duration timeout) {
    ArrayNode out = JsonHttp.JSON.createArrayNode();
    if (unit.getMessages().isEmpty()) {
      out.addObject().put("role", "user").put("content", unit.getText());
      return out;
    }
    for (ChatMessage m : unit.getMessages()) {
      ObjectNode message = out.addObject().put("role", m.getRole());
      ToolCalls.addTo(message, m, style);
      if (m.getImages().isEmpty()) {
        message.put("content", m.getContent());
      } else if (style == ImageStyle.OLLAMA) {
        message.put("content", m.getContent());
        ArrayNode images = message.putArray("images");
        m.getImages().forEach(i -> images.add(ImageBytes.base64(i, http, timeout)));
      } else {
        ArrayNode parts = message.putArray("content");
        if (!m.getContent().isEmpty()) {
          parts.addObject().put("type", "text").put("text", m.getContent());
        }
        for (ImagePart i : m.getImages()) {
          parts.addObject().put("type", "image_url").putObject("image_url")
              .put("url", "data:" + i.getMediaType() + ";base64," + ImageBytes.base64(i, http, timeout));
        }
      }
    }
    return out;
  }

  /** Whether the unit's parameters offer tools. */
  public static boolean offersTools(WorkUnit unit) {
    return parameters(unit).path("tools").isArray();
  }

  /** The opaque provider parameters of the intent as a JSON object (empty when absent). */
  public static ObjectNode parameters(WorkUnit unit) {
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

  public static Integer intOrNull(JsonNode node) {
    return node != null && node.canConvertToInt() ? node.asInt() : null;
  }
}
