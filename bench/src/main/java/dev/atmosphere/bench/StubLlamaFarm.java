package dev.atmosphere.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.LockSupport;

/**
 * A LlamaFarm stand-in for benchmarks only: {@code /health}, one project in one namespace and project-scoped chat
 * answering after a fixed latency — so a batch's speed-up over more nodes measures the mesh, not a model.
 * (Tests use the fuller fake in common's test jar.)
 */
final class StubLlamaFarm implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpServer server;
  private final ExecutorService pool = Executors.newCachedThreadPool();

  StubLlamaFarm(String namespace, String project, Duration latency) throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 256);
    Map<String, Object> model = Map.of("name", "m", "provider", "ollama", "model", "llama3.1:8b",
        "description", "General assistant", "default", true);
    Map<String, Object> config = Map.of("version", "v1", "name", project, "namespace", namespace,
        "runtime", Map.of("default_model", "m", "models", List.of(model)),
        "prompts", List.of(Map.of("name", "default", "messages", List.of(Map.of("role", "system",
            "content", "You summarise documents and answer everyday questions.")))));
    server.createContext("/", ex -> {
      String path = ex.getRequestURI().getPath();
      if (path.equals("/health")) {
        send(ex, Map.of("status", "healthy", "summary", "server=healthy", "components", List.of(Map.of(
            "name", "server", "status", "healthy", "message", "FastAPI process responding", "latency_ms", 0)),
            "timestamp", 1771234567));
      } else if (path.equals("/v1/projects/" + namespace)) {
        send(ex, Map.of("total", 1, "projects", List.of(Map.of("namespace", namespace, "name", project,
            "config", config))));
      } else if (path.endsWith("/chat/completions")) {
        JsonNode body = JSON.readTree(ex.getRequestBody());
        JsonNode messages = body.path("messages");
        String last = messages.get(messages.size() - 1).path("content").asText();
        LockSupport.parkNanos(latency.toNanos()); // the model's time
        send(ex, Map.of("id", "c", "object", "chat.completion", "created", 1771234567, "model", "llama3.1:8b",
            "choices", List.of(Map.of("index", 0, "message", Map.of("role", "assistant",
                "content", "summary of " + last.length() + " characters"), "finish_reason", "stop")),
            "usage", Map.of("prompt_tokens", 20, "completion_tokens", 5, "total_tokens", 25)));
      } else {
        ex.sendResponseHeaders(404, -1);
        ex.close();
      }
    });
    server.setExecutor(pool);
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  private static void send(HttpExchange ex, Object body) throws IOException {
    byte[] bytes = JSON.writeValueAsBytes(body);
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.sendResponseHeaders(200, bytes.length);
    ex.getResponseBody().write(bytes);
    ex.close();
  }

  @Override
  public void close() {
    server.stop(0);
    pool.shutdownNow();
  }
}
