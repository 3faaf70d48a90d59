package dev.atmosphere.common.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A faithful stand-in for a LlamaFarm 0.0.27 server, reproducing the shapes of reference/llamafarm-api.md:
 * {@code /health} without a {@code service} field, projects only per namespace (unknown namespace = 200 and an
 * empty list), project-scoped chat that wants the runtime model <em>name</em> (unknown name = 500), RAG query
 * 400 without databases, {@code /v1/nlp/embeddings} with a required model, nulls never written.
 */
public final class FakeLlamaFarm extends FakeHttpServer {

  private static final com.fasterxml.jackson.dataformat.yaml.YAMLMapper YAML =
      new com.fasterxml.jackson.dataformat.yaml.YAMLMapper();

  private final Map<String, Map<String, Map<String, Object>>> projects = new ConcurrentHashMap<>();
  private final AtomicInteger chatFailures = new AtomicInteger();
  private volatile int failureStatus = 500;
  private volatile String answerPrefix = "answer";
  private final Map<String, java.util.function.UnaryOperator<String>> answerers =
      new java.util.concurrent.ConcurrentHashMap<>();
  private volatile java.util.concurrent.CountDownLatch holdAfterFirstPiece;
  private volatile java.util.concurrent.CountDownLatch holdChats;
  private volatile String holdOnly;
  private final AtomicInteger chatsStarted = new AtomicInteger();
  private volatile java.nio.file.Path dataDir;
  private final List<String> continued = new java.util.concurrent.CopyOnWriteArrayList<>();

  /**
   * Also serves the projects under {@code <dataDir>/projects/<namespace>/<project>/llamafarm.yaml}, read on every
   * request, as a real server reads its data directory (a project written there is served at once).
   */
  public FakeLlamaFarm dataDir(java.nio.file.Path dataDir) {
    this.dataDir = dataDir;
    return this;
  }

  /** The replies this server was asked to continue (a final assistant message), in order. */
  public List<String> continued() {
    return List.copyOf(continued);
  }

  /** Adds a project whose llamafarm.yaml is {@code config}. */
  public FakeLlamaFarm project(String namespace, String name, Map<String, Object> config) {
    projects.computeIfAbsent(namespace, n -> new ConcurrentHashMap<>()).put(name, config);
    return this;
  }

  /** A typical project config: one Ollama model, a system prompt, optional RAG databases. */
  public static Map<String, Object> projectConfig(String namespace, String name, String modelName, String modelId,
      String modelDescription, String systemPrompt, List<String> databases) {
    Map<String, Object> model = new LinkedHashMap<>();
    model.put("name", modelName);
    model.put("provider", "ollama");
    model.put("model", modelId);
    model.put("description", modelDescription);
    model.put("default", true);
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("version", "v1");
    config.put("name", name);
    config.put("namespace", namespace);
    config.put("runtime", Map.of("default_model", modelName, "models", List.of(model)));
    config.put("prompts", List.of(Map.of("name", "default",
        "messages", List.of(Map.of("role", "system", "content", systemPrompt)))));
    if (!databases.isEmpty()) {
      List<Map<String, Object>> dbs = new ArrayList<>();
      databases.forEach(d -> dbs.add(Map.of("name", d, "type", "ChromaStore")));
      config.put("rag", Map.of("databases", dbs));
    }
    return config;
  }

  /** The next {@code n} chat calls answer with {@code status}. */
  public FakeLlamaFarm failNextChats(int n, int status) {
    failureStatus = status;
    chatFailures.set(n);
    return this;
  }

  /**
   * Streamed chats write their first piece, then wait for {@code release} before writing the rest: a client that
   * sees the first piece before counting down proves the stream is not buffered anywhere on the way.
   */
  public FakeLlamaFarm holdStreamAfterFirstPiece(java.util.concurrent.CountDownLatch release) {
    holdAfterFirstPiece = release;
    return this;
  }

  /** Chats wait for {@code release} (at most 60 s) before answering: work stays in flight until the test says. */
  public FakeLlamaFarm holdChats(java.util.concurrent.CountDownLatch release) {
    holdChats = release;
    return this;
  }

  /** Only chats that mention {@code marker} wait for {@code release} (at most 60 s); the others answer at once. */
  public FakeLlamaFarm holdChatsMentioning(String marker, java.util.concurrent.CountDownLatch release) {
    holdOnly = marker;
    holdChats = release;
    return this;
  }

  /** Chat requests received so far. */
  public int chatsStarted() {
    return chatsStarted.get();
  }

  /**
   * A project that answers from its own records, as a RAG project over private data would: {@code answer} gets the
   * question and returns the reply (e.g. a count of matching records).
   */
  public FakeLlamaFarm answers(String namespace, String project, java.util.function.UnaryOperator<String> answer) {
    answerers.put(namespace + "/" + project, answer);
    return this;
  }

  public FakeLlamaFarm answerPrefix(String prefix) {
    answerPrefix = prefix;
    return this;
  }

  @Override
  protected void handle(Request r, HttpExchange ex) throws IOException {
    String[] p = r.path().split("/");
    if (r.path().equals("/health")) {
      send(ex, 200, health());
    } else if (r.path().equals("/info")) {
      send(ex, 200, Map.of("version", "0.0.27", "data_directory", "/home/u/.llamafarm"));
    } else if (r.path().equals("/v1/nlp/embeddings") && r.method().equals("POST")) {
      embeddings(r, ex);
    } else if (p.length == 4 && p[2].equals("projects")) {
      listProjects(p[3], ex);
    } else if (p.length == 7 && p[5].equals("chat") && p[6].equals("completions")) {
      chat(p[3], p[4], r, ex);
    } else if (p.length == 7 && p[5].equals("rag") && p[6].equals("query")) {
      ragQuery(p[3], p[4], r, ex);
    } else {
      send(ex, 404, Map.of("detail", "Not Found"));
    }
  }

  private static Map<String, Object> health() {
    return Map.of(
        "status", "healthy",
        "summary", "server=healthy, storage=healthy, ollama=healthy, universal-runtime=unhealthy, rag-service=unhealthy",
        "components", List.of(
            Map.of("name", "server", "status", "healthy", "message", "FastAPI process responding", "latency_ms", 0,
                "details", Map.of("pid", 12345, "host", "http://localhost:14345")),
            Map.of("name", "storage", "status", "healthy", "message", "projects dir writable", "latency_ms", 1),
            Map.of("name", "rag-service", "status", "unhealthy", "message", "RAG worker not responding",
                "latency_ms", 1001)),
        "timestamp", 1771234567);
  }

  private void listProjects(String namespace, HttpExchange ex) throws IOException {
    List<Map<String, Object>> list = new ArrayList<>();
    onDisk(namespace).forEach(
        (name, config) -> list.add(Map.of("namespace", namespace, "name", name, "config", config)));
    send(ex, 200, Map.of("total", list.size(), "projects", list));
  }

  private Map<String, Object> config(String ns, String project) throws IOException {
    return onDisk(ns).get(project);
  }

  /** The namespace's projects: those added, and those in the data directory. */
  @SuppressWarnings("unchecked")
  private Map<String, Map<String, Object>> onDisk(String namespace) throws IOException {
    Map<String, Map<String, Object>> all = new java.util.TreeMap<>(projects.getOrDefault(namespace, Map.of()));
    java.nio.file.Path dir = dataDir == null ? null : dataDir.resolve("projects").resolve(namespace);
    if (dir != null && java.nio.file.Files.isDirectory(dir)) {
      try (var projectDirs = java.nio.file.Files.list(dir)) {
        for (java.nio.file.Path p : projectDirs.toList()) {
          java.nio.file.Path file = p.resolve("llamafarm.yaml");
          if (java.nio.file.Files.isRegularFile(file)) {
            all.put(p.getFileName().toString(), YAML.readValue(file.toFile(), Map.class));
          }
        }
      }
    }
    return all;
  }

  @SuppressWarnings("unchecked")
  private void chat(String ns, String project, Request r, HttpExchange ex) throws IOException {
    Map<String, Object> config = config(ns, project);
    if (config == null) {
      send(ex, 404, Map.of("error", "ProjectNotFound", "message", "Project " + ns + "/" + project + " not found"));
      return;
    }
    chatsStarted.incrementAndGet();
    java.util.concurrent.CountDownLatch hold = holdChats;
    String only = holdOnly;
    if (hold != null && (only == null || r.body().contains(only))) {
      try {
        hold.await(60, java.util.concurrent.TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (chatFailures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      send(ex, failureStatus, Map.of("error", "InternalServerError", "message", "model runtime crashed"));
      return;
    }
    JsonNode body = r.json();
    Map<String, Object> runtime = (Map<String, Object>) config.get("runtime");
    String modelName = body.hasNonNull("model") ? body.get("model").asText() : (String) runtime.get("default_model");
    Map<String, Object> model = ((List<Map<String, Object>>) runtime.get("models")).stream()
        .filter(m -> m.get("name").equals(modelName)).findFirst().orElse(null);
    if (model == null) {
      send(ex, 500, Map.of("error", "InternalServerError", "message", "Model '" + modelName + "' not found"));
      return;
    }
    JsonNode messages = body.path("messages");
    JsonNode final_ = messages.isArray() && messages.size() > 0 ? messages.get(messages.size() - 1) : null;
    // a final assistant message is a reply to continue (as Ollama and llama.cpp treat it): answer the user before it
    String reply = final_ != null && final_.path("role").asText().equals("assistant") ? final_.path("content").asText()
        : null;
    JsonNode question = reply != null && messages.size() > 1 ? messages.get(messages.size() - 2) : final_;
    String last = question == null ? "" : question.path("content").asText();
    var answerer = answerers.get(ns + "/" + project);
    String content = answerer != null ? answerer.apply(last) : answerPrefix + " from " + ns + "/" + project + " to: " + last;
    if (reply != null) {
      continued.add(reply);
      content = content.startsWith(reply) ? content.substring(reply.length()) : " " + content;
    }
    if (body.path("stream").asBoolean(false)) {
      streamChat(ex, (String) model.get("model"), content);
      return;
    }
    send(ex, 200, Map.of(
        "id", "chatcmpl-" + Math.abs(last.hashCode()),
        "object", "chat.completion",
        "created", 1771234567,
        "model", model.get("model"),
        "choices", List.of(Map.of("index", 0, "message", Map.of("role", "assistant", "content", content),
            "finish_reason", "stop")),
        "usage", Map.of("prompt_tokens", 26, "completion_tokens", 8, "total_tokens", 34)));
  }

  private void streamChat(HttpExchange ex, String model, String content) throws IOException {
    ex.getResponseHeaders().set("Content-Type", "text/event-stream");
    ex.sendResponseHeaders(200, 0);
    String[] words = content.split(" ");
    try (java.io.OutputStream out = ex.getResponseBody()) {
      for (int i = 0; i < words.length; i++) {
        String piece = (i == 0 ? "" : " ") + words[i];
        writeEvent(out, Map.of("id", "chatcmpl-stream", "object", "chat.completion.chunk", "created", 1771234567,
            "model", model, "choices", List.of(Map.of("index", 0, "delta", Map.of("role", "assistant", "content",
                piece)))));
        if (i == 0 && holdAfterFirstPiece != null) {
          try {
            if (!holdAfterFirstPiece.await(30, java.util.concurrent.TimeUnit.SECONDS)) {
              return; // the client never saw the first piece: end the stream short
            }
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
          }
        }
      }
      writeEvent(out, Map.of("id", "chatcmpl-stream", "object", "chat.completion.chunk", "created", 1771234567,
          "model", model, "choices", List.of(Map.of("index", 0, "delta", Map.of(), "finish_reason", "stop"))));
      out.write("data: [DONE]\n\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
  }

  private static void writeEvent(java.io.OutputStream out, Object event) throws IOException {
    out.write(("data: " + JSON.writeValueAsString(event) + "\n\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
    out.flush();
  }

  private void ragQuery(String ns, String project, Request r, HttpExchange ex) throws IOException {
    Map<String, Object> config = config(ns, project);
    if (config == null || !config.containsKey("rag")) {
      send(ex, 400, Map.of("detail", "Project has no RAG configuration"));
      return;
    }
    String query = r.json().path("query").asText();
    send(ex, 200, Map.of("query", query,
        "results", List.of(Map.of("content", "Clause 12: either party may terminate with 30 days notice.",
            "score", 0.83, "metadata", Map.of("source", "msa.pdf"), "chunk_id", "c-12")),
        "total_results", 1, "processing_time_ms", 12.5, "retrieval_strategy_used", "BasicSimilarityStrategy",
        "database_used", "contracts_db"));
  }

  private void embeddings(Request r, HttpExchange ex) throws IOException {
    JsonNode body = r.json();
    if (!body.hasNonNull("model")) {
      send(ex, 422, Map.of("detail", List.of(Map.of("loc", List.of("body", "model"), "msg", "Field required",
          "type", "missing"))));
      return;
    }
    List<String> inputs = new ArrayList<>();
    if (body.path("input").isArray()) {
      body.path("input").forEach(n -> inputs.add(n.asText()));
    } else {
      inputs.add(body.path("input").asText());
    }
    List<Map<String, Object>> data = new ArrayList<>();
    for (int i = 0; i < inputs.size(); i++) {
      data.add(Map.of("object", "embedding", "index", i, "embedding", List.of(0.1, 0.2, inputs.get(i).length())));
    }
    send(ex, 200, Map.of("object", "list", "data", data, "model", body.get("model").asText(),
        "usage", Map.of("prompt_tokens", 4, "total_tokens", 4)));
  }
}
