package dev.atmosphere.backends.llamafarm;

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
import java.util.function.Supplier;

/**
 * Calls a LlamaFarm project exactly as the real server wants: project-scoped chat with the project's runtime
 * model <em>name</em> (omitted for the default), {@code X-No-Session: true} so no session is stored, and
 * {@code rag_enabled:false} unless RAG was asked for (a RAG project without its worker otherwise stalls ~30 s).
 * A RAG intent with parameter {@code "rag_query": true} returns retrieved chunks from {@code /rag/query} instead.
 */
public final class LlamaFarmBackend implements Backend {

  private final JsonHttp http;
  private final Supplier<String> baseUrl;

  /** @param baseUrl the LlamaFarm server, resolved lazily (it may start after the executor) */
  public LlamaFarmBackend(JsonHttp http, Supplier<String> baseUrl) {
    this.http = http;
    this.baseUrl = baseUrl;
  }

  @Override
  public Outcome execute(WorkUnit unit, Duration timeout) {
    String url = baseUrl.get();
    if (url == null) {
      throw new HttpFailure(HttpFailure.Kind.CONNECTION_REFUSED, null, "no LlamaFarm server found on this node", null);
    }
    String project = url + "/v1/projects/" + unit.getTarget();
    ObjectNode params = Requests.parameters(unit);
    if (unit.getKind() == IntentKind.EMBED || unit.getCapabilityType() == CapabilityType.EMBEDDINGS) {
      return embed(url, unit, timeout);
    }
    if (unit.getKind() == IntentKind.RAG && params.path("rag_query").asBoolean(false)) {
      params.remove("rag_query");
      params.put("query", unit.getText());
      JsonNode reply = http.post(project + "/rag/query", params, Map.of(), timeout);
      StringBuilder text = new StringBuilder();
      reply.path("results").forEach(r -> text.append(r.path("content").asText()).append("\n\n"));
      return new Outcome(text.toString().strip(), reply.toString(), null, null);
    }
    ObjectNode body = chatBody(unit, timeout);
    body.put("stream", false);
    JsonNode reply = http.post(project + "/chat/completions", body, Map.of("X-No-Session", "true"), timeout);
    JsonNode content = reply.path("choices").path(0).path("message").path("content");
    if (content.isMissingNode()) {
      throw new HttpFailure(HttpFailure.Kind.BAD_RESPONSE, null, "LlamaFarm chat answered without choices", null);
    }
    JsonNode usage = reply.path("usage");
    return new Outcome(content.isNull() ? "" : content.asText(), reply.toString(), Requests.intOrNull(usage.get("prompt_tokens")),
        Requests.intOrNull(usage.get("completion_tokens")),
        ToolCalls.fromOpenAi(reply.path("choices").path(0).path("message").path("tool_calls")));
  }

  /** Project chat with {@code stream:true}: SSE chunk events, the optional sources event skipped. */
  @Override
  public Outcome stream(WorkUnit unit, Duration timeout, Consumer<String> onDelta) {
    String url = baseUrl.get();
    if (url == null || unit.getKind() == IntentKind.EMBED || unit.getCapabilityType() == CapabilityType.EMBEDDINGS
        || Requests.parameters(unit).path("rag_query").asBoolean(false) || Requests.offersTools(unit)) {
      return Backend.super.stream(unit, timeout, onDelta); // tool calls come whole, not as SSE deltas
    }
    ObjectNode body = chatBody(unit, timeout);
    body.put("stream", true);
    StringBuilder text = new StringBuilder();
    try (InputStream events = http.postStreaming(url + "/v1/projects/" + unit.getTarget() + "/chat/completions", body,
        Map.of("X-No-Session", "true", "Accept", "text/event-stream"), timeout)) {
      StreamLines.sse(events, event -> {
        String delta = event.path("choices").path(0).path("delta").path("content").asText("");
        if (!delta.isEmpty()) {
          text.append(delta);
          onDelta.accept(delta);
        }
      });
    } catch (IOException e) {
      throw new HttpFailure(HttpFailure.Kind.IO, null, "LlamaFarm stream could not be closed", e);
    }
    return new Outcome(text.toString(), null, null, null);
  }

  private ObjectNode chatBody(WorkUnit unit, Duration timeout) {
    ObjectNode body = Requests.parameters(unit).deepCopy();
    body.set("messages", Requests.messages(unit, Requests.ImageStyle.OPENAI_PARTS, http, timeout));
    if (unit.getModelName() != null) {
      body.put("model", unit.getModelName());
    }
    body.put("rag_enabled", unit.getRagEnabled());
    return body;
  }

  private Outcome embed(String url, WorkUnit unit, Duration timeout) {
    boolean batch = !unit.getInputs().isEmpty();
    JsonNode reply = http.post(url + "/v1/nlp/embeddings", Map.of("input", batch ? unit.getInputs() : unit.getText(),
        "model", unit.getTarget()), Map.of(), timeout);
    if (!batch) {
      return new Outcome(reply.path("data").path(0).path("embedding").toString(), reply.toString(), null, null);
    }
    JsonNode[] ordered = new JsonNode[unit.getInputs().size()];
    for (JsonNode item : reply.path("data")) { // OpenAI shape: one item per input, with its index
      int index = item.path("index").asInt(-1);
      if (index >= 0 && index < ordered.length) {
        ordered[index] = item.path("embedding");
      }
    }
    StringBuilder json = new StringBuilder("[");
    for (int i = 0; i < ordered.length; i++) {
      if (ordered[i] == null) {
        throw new HttpFailure(HttpFailure.Kind.BAD_RESPONSE, null, "LlamaFarm returned no embedding for input " + i,
            null);
      }
      json.append(i > 0 ? "," : "").append(ordered[i]);
    }
    return new Outcome(json.append(']').toString(), "{\"model\":\"" + unit.getTarget() + "\"}", null, null);
  }
}
