package dev.atmosphere.common.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A faithful stand-in for Ollama's native API: {@code /api/tags}, {@code /api/show} with {@code capabilities}
 * and {@code model_info}, {@code /api/chat} streaming newline-delimited JSON unless {@code stream:false},
 * {@code /api/embed}; errors as {@code {"error": "..."}}.
 */
public final class FakeOllama extends FakeHttpServer {

  private final Map<String, Map<String, Object>> models = new java.util.concurrent.ConcurrentHashMap<>();
  private final List<byte[]> images = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final Map<String, byte[]> blobs = new java.util.concurrent.ConcurrentHashMap<>();

  /** Blobs pushed with {@code POST /api/blobs/sha256:<digest>}, by digest. */
  public Map<String, byte[]> blobs() {
    return Map.copyOf(blobs);
  }

  /** Whether Ollama has {@code model} now (created, not deleted). */
  public boolean has(String model) {
    return models.containsKey(model);
  }

  /** Every image {@code /api/chat} received, decoded from the messages' base64 {@code images}, in order. */
  public List<byte[]> receivedImages() {
    return List.copyOf(images);
  }

  /** Adds a model with its {@code /api/show} capabilities (completion, embedding, vision, tools). */
  public FakeOllama model(String name, String family, String parameterSize, List<String> capabilities) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", name);
    m.put("model", name);
    m.put("modified_at", "2026-10-01T10:00:00Z");
    m.put("size", 2019393189L);
    m.put("digest", "sha256:" + Integer.toHexString(name.hashCode()));
    m.put("details", Map.of("family", family, "parameter_size", parameterSize, "quantization_level", "Q4_K_M",
        "format", "gguf"));
    m.put("capabilities", capabilities);
    models.put(name, m);
    return this;
  }

  @Override
  protected void handle(Request r, HttpExchange ex) throws IOException {
    switch (r.path()) {
      case "/api/tags" -> {
        List<Map<String, Object>> list = new ArrayList<>();
        models.values().forEach(m -> {
          Map<String, Object> copy = new LinkedHashMap<>(m);
          copy.remove("capabilities");
          list.add(copy);
        });
        send(ex, 200, Map.of("models", list));
      }
      case "/api/show" -> show(r, ex);
      case "/api/chat" -> chat(r, ex);
      case "/api/embed" -> embed(r, ex);
      case "/api/create" -> create(r, ex);
      case "/api/delete" -> {
        if (!r.method().equals("DELETE")) {
          send(ex, 405, Map.of("error", "method not allowed"));
        } else if (models.remove(r.json().path("model").asText()) == null) {
          send(ex, 404, Map.of("error", "model '" + r.json().path("model").asText() + "' not found"));
        } else {
          ex.sendResponseHeaders(200, -1);
        }
      }
      default -> {
        if (r.path().startsWith("/api/blobs/")) {
          blob(r, ex);
        } else {
          send(ex, 404, Map.of("error", "404 page not found"));
        }
      }
    }
  }

  private Map<String, Object> find(Request r) {
    return models.get(r.json().path("model").asText());
  }

  @SuppressWarnings("unchecked")
  private void show(Request r, HttpExchange ex) throws IOException {
    Map<String, Object> m = find(r);
    if (m == null) {
      send(ex, 404, Map.of("error", "model '" + r.json().path("model").asText() + "' not found"));
      return;
    }
    Map<String, Object> details = (Map<String, Object>) m.get("details");
    send(ex, 200, Map.of("details", details, "capabilities", m.get("capabilities"),
        "model_info", Map.of("general.architecture", details.get("family"),
            details.get("family") + ".context_length", 131072)));
  }

  private void chat(Request r, HttpExchange ex) throws IOException {
    Map<String, Object> m = find(r);
    if (m == null) {
      send(ex, 404, Map.of("error", "model '" + r.json().path("model").asText() + "' not found, try pulling it first"));
      return;
    }
    JsonNode body = r.json();
    JsonNode messages = body.path("messages");
    String last = messages.size() > 0 ? messages.get(messages.size() - 1).path("content").asText() : "";
    List<byte[]> seen = new ArrayList<>();
    for (JsonNode message : messages) {
      for (JsonNode image : message.path("images")) {
        seen.add(java.util.Base64.getDecoder().decode(image.asText()));
      }
    }
    if (!seen.isEmpty() && !((List<?>) m.get("capabilities")).contains("vision")) {
      send(ex, 400, Map.of("error", "model " + m.get("name") + " does not support images"));
      return;
    }
    images.addAll(seen);
    if (body.path("tools").isArray() && !body.path("tools").isEmpty()) {
      tools(ex, m, body, messages);
      return;
    }
    if (!seen.isEmpty()) { // a vision model describes what it got: the size and digest of each image, as proof
      StringBuilder said = new StringBuilder(last);
      for (byte[] image : seen) {
        said.append(" [image ").append(image.length).append(" bytes sha256 ").append(sha256(image)).append("]");
      }
      last = said.toString();
    }
    String[] words = ("ollama " + m.get("name") + " says: " + last).split(" ");
    boolean stream = !body.has("stream") || body.get("stream").asBoolean();
    if (!stream) {
      send(ex, 200, Map.of("model", m.get("name"), "created_at", "2026-11-24T10:00:00Z",
          "message", Map.of("role", "assistant", "content", String.join(" ", words)), "done", true,
          "done_reason", "stop", "total_duration", 123456789L, "prompt_eval_count", 12, "eval_count", words.length));
      return;
    }
    ex.getResponseHeaders().set("Content-Type", "application/x-ndjson");
    ex.sendResponseHeaders(200, 0);
    try (OutputStream out = ex.getResponseBody()) {
      for (int i = 0; i < words.length; i++) {
        String piece = (i == 0 ? "" : " ") + words[i];
        out.write((JSON.writeValueAsString(Map.of("model", m.get("name"), "created_at", "2026-11-24T10:00:00Z",
            "message", Map.of("role", "assistant", "content", piece), "done", false)) + "\n")
            .getBytes(StandardCharsets.UTF_8));
        out.flush();
      }
      out.write((JSON.writeValueAsString(Map.of("model", m.get("name"), "created_at", "2026-11-24T10:00:00Z",
          "message", Map.of("role", "assistant", "content", ""), "done", true, "done_reason", "stop",
          "total_duration", 123456789L, "prompt_eval_count", 12, "eval_count", words.length)) + "\n")
          .getBytes(StandardCharsets.UTF_8));
    }
  }

  private void embed(Request r, HttpExchange ex) throws IOException {
    Map<String, Object> m = find(r);
    if (m == null) {
      send(ex, 404, Map.of("error", "model not found"));
      return;
    }
    JsonNode input = r.json().path("input");
    int n = input.isArray() ? input.size() : 1;
    List<List<Double>> vectors = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      vectors.add(List.of(0.5, -0.5, (double) i));
    }
    send(ex, 200, Map.of("model", m.get("name"), "embeddings", vectors, "prompt_eval_count", 8));
  }

  /** {@code HEAD} answers 200 when the blob is here; {@code POST} stores it when its bytes match the digest. */
  private void blob(Request r, HttpExchange ex) throws IOException {
    String digest = r.path().substring("/api/blobs/".length());
    if (r.method().equals("HEAD")) {
      ex.sendResponseHeaders(blobs.containsKey(digest) ? 200 : 404, -1);
      return;
    }
    byte[] body = RAW.get();
    if (!digest.equals("sha256:" + sha256(body))) {
      send(ex, 400, Map.of("error", "digest mismatch, expected \"" + digest + "\""));
      return;
    }
    blobs.put(digest, body);
    ex.sendResponseHeaders(201, -1);
  }

  /** {@code /api/create} from files already pushed as blobs: the model appears in /api/tags. */
  private void create(Request r, HttpExchange ex) throws IOException {
    JsonNode body = r.json();
    String name = body.path("model").asText();
    List<String> missing = new ArrayList<>();
    body.path("files").forEach(d -> {
      if (!blobs.containsKey(d.asText())) {
        missing.add(d.asText());
      }
    });
    if (name.isEmpty() || !body.path("files").isObject() || body.path("files").isEmpty() || !missing.isEmpty()) {
      send(ex, 400, Map.of("error", missing.isEmpty() ? "neither 'from' nor 'files' was specified"
          : "missing blob " + missing.get(0)));
      return;
    }
    model(name, "llama", "1B", List.of("completion"));
    send(ex, 200, Map.of("status", "success"));
  }

  /**
   * Function calling as Ollama does it: a model without the "tools" capability refuses; otherwise the first tool is
   * called with the last user message as its {@code query} argument, and after a tool message the model answers with
   * what the tool said.
   */
  private void tools(HttpExchange ex, Map<String, Object> m, JsonNode body, JsonNode messages) throws IOException {
    if (!((List<?>) m.get("capabilities")).contains("tools")) {
      send(ex, 400, Map.of("error", "registry.ollama.ai/library/" + m.get("name") + " does not support tools"));
      return;
    }
    JsonNode last = messages.get(messages.size() - 1);
    Map<String, Object> message;
    if (last.path("role").asText().equals("tool")) {
      message = Map.of("role", "assistant", "content", "ollama " + m.get("name") + " says: the tool said "
          + last.path("content").asText());
    } else {
      String name = body.path("tools").get(0).path("function").path("name").asText();
      message = Map.of("role", "assistant", "content", "", "tool_calls",
          List.of(Map.of("function", Map.of("name", name, "arguments", Map.of("query", last.path("content").asText())))));
    }
    boolean stream = !body.has("stream") || body.get("stream").asBoolean();
    Map<String, Object> done = new LinkedHashMap<>(Map.of("model", m.get("name"), "created_at", "2026-11-24T10:00:00Z",
        "done", true, "done_reason", "stop", "prompt_eval_count", 20, "eval_count", 5));
    if (!stream) {
      done.put("message", message);
      send(ex, 200, done);
      return;
    }
    ex.getResponseHeaders().set("Content-Type", "application/x-ndjson");
    ex.sendResponseHeaders(200, 0);
    try (OutputStream out = ex.getResponseBody()) {
      out.write((JSON.writeValueAsString(Map.of("model", m.get("name"), "message", message, "done", false)) + "\n")
          .getBytes(StandardCharsets.UTF_8));
      done.put("message", Map.of("role", "assistant", "content", ""));
      out.write((JSON.writeValueAsString(done) + "\n").getBytes(StandardCharsets.UTF_8));
    }
  }

  private static String sha256(byte[] bytes) {
    return dev.atmosphere.schemas.sign.Sha256.hex(bytes);
  }
}
