package dev.atmosphere.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The gateway bench's LlamaFarm stand-in: one project that answers at once, with TCP_NODELAY, so what the bench
 * measures on top of a direct call is the mesh, not the stand-in.
 */
final class InstantFarm {

  private static final String CHAT = "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"m\","
      + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"ok\"},\"finish_reason\":\"stop\"}],"
      + "\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":1,\"total_tokens\":2}}";

  private InstantFarm() {}

  /** A LlamaFarm stand-in with one project, answering at once: /health, project list, project chat. */
  static HttpServer start() throws IOException {
    System.setProperty("sun.net.httpserver.nodelay", "true"); // the JDK server's default delays small replies
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", ex -> {
      String path = ex.getRequestURI().getPath();
      byte[] body = ex.getRequestBody().readAllBytes();
      if (path.equals("/health")) {
        reply(ex, "{\"status\":\"healthy\",\"summary\":\"server=healthy\",\"components\":[{\"name\":\"server\","
            + "\"status\":\"healthy\"}]}");
      } else if (path.equals("/v1/projects/bench")) {
        reply(ex, "{\"total\":1,\"projects\":[{\"namespace\":\"bench\",\"name\":\"p\",\"config\":{\"name\":\"p\","
            + "\"runtime\":{\"models\":[{\"name\":\"m\",\"provider\":\"ollama\",\"model\":\"llama3.2:3b\"}]}}}]}");
      } else if (new String(body, StandardCharsets.UTF_8).contains("\"stream\":true")) {
        stream(ex);
      } else {
        reply(ex, CHAT);
      }
    });
    server.start();
    return server;
  }

  /** The answer as OpenAI chat-completion chunks: the first piece at once, the rest after it. */
  private static void stream(HttpExchange ex) throws IOException {
    ex.getResponseHeaders().set("Content-Type", "text/event-stream");
    ex.sendResponseHeaders(200, 0);
    var sink = ex.getResponseBody();
    for (String delta : List.of("ok", " then", " more")) {
      sink.write(("data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\","
          + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + delta + "\"},\"finish_reason\":null}]}\n\n")
          .getBytes(StandardCharsets.UTF_8));
      sink.flush();
    }
    sink.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
    ex.close();
  }

  private static void reply(HttpExchange ex, String json) throws IOException {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.sendResponseHeaders(200, bytes.length);
    ex.getResponseBody().write(bytes);
    ex.close();
  }
}
