package dev.atmosphere.backends.ollama;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atmosphere.backends.Backend;
import dev.atmosphere.backends.Outcome;
import dev.atmosphere.backends.Requests;
import dev.atmosphere.backends.StreamLines;
import dev.atmosphere.backends.ToolCalls;
import dev.atmosphere.common.http.HttpFailure;
import dev.atmosphere.common.http.JsonHttp;
import dev.atmosphere.schemas.CapabilityType;
import dev.atmosphere.schemas.IntentKind;
import dev.atmosphere.schemas.WorkUnit;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Calls Ollama's native API: {@code /api/chat} with {@code stream:false} (its default is NDJSON streaming) and
 * provider parameters as {@code options} ({@code max_tokens} becomes {@code num_predict}); {@code /api/embed}
 * for embeddings models. Images of a vision intent go in each message's {@code images} as base64.
 */
public final class OllamaBackend implements Backend {

  private final JsonHttp http;
  private final String host;

  public OllamaBackend(JsonHttp http, String host) {
    this.http = http;
    this.host = host.endsWith("/") ? host.substring(0, host.length() - 1) : host;
  }

  @Override
  public Outcome execute(WorkUnit unit, Duration timeout) {
    if (unit.getKind() == IntentKind.EMBED || unit.getCapabilityType() == CapabilityType.EMBEDDINGS) {
      boolean batch = !unit.getInputs().isEmpty();
      JsonNode reply = http.post(host + "/api/embed", Map.of("model", unit.getTarget(), "input",
          batch ? unit.getInputs() : unit.getText()), Map.of(), timeout);
      JsonNode embeddings = reply.path("embeddings");
      if (batch && embeddings.size() != unit.getInputs().size()) {
        throw new HttpFailure(HttpFailure.Kind.BAD_RESPONSE, null, "Ollama returned " + embeddings.size()
            + " embeddings for " + unit.getInputs().size() + " inputs", null);
      }
      return new Outcome((batch ? embeddings : embeddings.path(0)).toString(),
          "{\"model\":\"" + reply.path("model").asText(unit.getTarget()) + "\"}",
          Requests.intOrNull(reply.get("prompt_eval_count")), null);
    }
    ObjectNode body = chatBody(unit, timeout);
    body.put("stream", false);
    JsonNode reply = http.post(host + "/api/chat", body, Map.of(), timeout);
    JsonNode content = reply.path("message").path("content");
    if (content.isMissingNode()) {
      throw new HttpFailure(HttpFailure.Kind.BAD_RESPONSE, null, "Ollama chat answered without a message", null);
    }
    return new Outcome(content.isNull() ? "" : content.asText(), reply.toString(), Requests.intOrNull(reply.get("prompt_eval_count")),
        Requests.intOrNull(reply.get("eval_count")), ToolCalls.fromOllama(reply.path("message").path("tool_calls")));
  }

  /** {@code /api/chat} streams newline-delimited JSON by default; each line carries a piece of the message. */
  @Override
  public Outcome stream(WorkUnit unit, Duration timeout, Consumer<String> onDelta) {
    if (unit.getKind() == IntentKind.EMBED || unit.getCapabilityType() == CapabilityType.EMBEDDINGS) {
      return Backend.super.stream(unit, timeout, onDelta);
    }
    ObjectNode body = chatBody(unit, timeout);
    body.put("stream", true);
    StringBuilder text = new StringBuilder();
    Integer[] counts = new Integer[2];
    String[] calls = new String[1];
    try (InputStream lines = http.postStreaming(host + "/api/chat", body, Map.of(), timeout)) {
      StreamLines.ndjson(lines, event -> {
        String delta = event.path("message").path("content").asText("");
        if (!delta.isEmpty()) {
          text.append(delta);
          onDelta.accept(delta);
        }
        String called = ToolCalls.fromOllama(event.path("message").path("tool_calls"));
        if (called != null) {
          calls[0] = called;
        }
        if (event.path("done").asBoolean(false)) {
          counts[0] = Requests.intOrNull(event.get("prompt_eval_count"));
          counts[1] = Requests.intOrNull(event.get("eval_count"));
        }
      });
    } catch (IOException e) {
      throw new HttpFailure(HttpFailure.Kind.IO, null, "Ollama stream could not be closed", e);
    }
    return new Outcome(text.toString(), null, counts[0], counts[1], calls[0]);
  }

  private ObjectNode chatBody(WorkUnit unit, Duration timeout) {
    ObjectNode options = Requests.parameters(unit);
    if (options.has("max_tokens")) {
      options.set("num_predict", options.remove("max_tokens"));
    }
    ObjectNode body = JsonHttp.JSON.createObjectNode();
    body.put("model", unit.getTarget());
    JsonNode tools = options.remove("tools");
    if (tools != null && !"none".equals(options.path("tool_choice").asText())) {
      body.set("tools", tools); // Ollama takes OpenAI's tool definitions; it has no tool_choice
    }
    JsonNode format = options.remove("response_format");
    if (format != null && ToolCalls.ollamaFormat(format) != null) {
      body.set("format", ToolCalls.ollamaFormat(format));
    }
    options.remove("tool_choice");
    options.remove("parallel_tool_calls");
    options.remove("user"); // OpenAI's end-user id: meaningful to LlamaFarm's OpenAI-shaped API, not an Ollama option
    body.set("messages", Requests.messages(unit, Requests.ImageStyle.OLLAMA, http, timeout));
    if (!options.isEmpty()) {
      body.set("options", options);
    }
    return body;
  }
}
