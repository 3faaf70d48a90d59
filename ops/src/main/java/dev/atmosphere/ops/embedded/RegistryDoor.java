package dev.atmosphere.ops.embedded;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The network door of a shared home registry. The registry itself listens on loopback; this door listens on every
 * interface and passes requests through — reads (GET, HEAD) from anyone (schemas are no secret: they are in the
 * repository), changes (adding a schema, a compatibility setting, a delete) only from this machine's own addresses
 * or with the login the join code derives (HTTP basic, compared in constant time). Without it anyone on the LAN
 * could delete the subjects the mesh decodes with.
 */
public final class RegistryDoor implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(RegistryDoor.class);
  private static final int MAX_BODY = 1 << 20; // a schema, not a file
  private static final List<String> PASSED_HEADERS = List.of("Content-Type", "Accept");

  private final HttpServer server;
  private final ExecutorService threads;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String target;
  private final byte[] expected;
  private final java.util.function.Predicate<InetAddress> trusted;

  private RegistryDoor(HttpServer server, ExecutorService threads, String target, String login,
      java.util.function.Predicate<InetAddress> trusted) {
    this.server = server;
    this.threads = threads;
    this.target = target;
    this.trusted = trusted;
    this.expected = ("Basic " + Base64.getEncoder().encodeToString(login.getBytes(StandardCharsets.UTF_8)))
        .getBytes(StandardCharsets.UTF_8);
  }

  /** Opens the door on every interface at {@code port} (0: any free one) in front of {@code target}. */
  static RegistryDoor open(int port, String target, String login) {
    return open(port, target, login, RegistryDoor::fromThisMachine);
  }

  /** @param trusted callers that may change schemas without the login (this machine's own addresses) */
  static RegistryDoor open(int port, String target, String login,
      java.util.function.Predicate<InetAddress> trusted) {
    limitRequestTimes();
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress(port), 64);
      ExecutorService threads = Executors.newFixedThreadPool(4, r -> {
        Thread t = new Thread(r, "registry-door");
        t.setDaemon(true);
        return t;
      });
      RegistryDoor door = new RegistryDoor(server, threads, target, login, trusted);
      server.createContext("/", door::handle);
      server.setExecutor(threads);
      server.start();
      return door;
    } catch (IOException e) {
      throw new IllegalStateException("cannot open the shared registry's port " + port + ": " + e.getMessage(), e);
    }
  }

  /**
   * A request must arrive whole within 10 s and its answer leave within 30 s, so a slow sender on the LAN cannot hold
   * the door's four threads. The JDK's HTTP server reads these once, when its first server starts in this process:
   * the launcher calls this at start (the door and the metrics endpoint are its only such servers).
   */
  public static void limitRequestTimes() {
    System.setProperty("sun.net.httpserver.maxReqTime", System.getProperty("sun.net.httpserver.maxReqTime", "10"));
    System.setProperty("sun.net.httpserver.maxRspTime", System.getProperty("sun.net.httpserver.maxRspTime", "30"));
  }

  int port() {
    return server.getAddress().getPort();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String method = exchange.getRequestMethod();
      boolean read = method.equals("GET") || method.equals("HEAD");
      if (!read && !trusted.test(exchange.getRemoteAddress().getAddress()) && !loggedIn(exchange)) {
        exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"atmosphere registry\"");
        reply(exchange, 401, "{\"error_code\":401,\"message\":\"changing schemas needs the mesh login "
            + "(registry.auth: join_code)\"}");
        return;
      }
      byte[] body = readBody(exchange.getRequestBody());
      if (body == null) {
        reply(exchange, 413, "{\"error_code\":413,\"message\":\"request body over 1 MiB\"}");
        return;
      }
      HttpRequest.Builder forward = HttpRequest.newBuilder(URI.create(target + exchange.getRequestURI()))
          .timeout(Duration.ofSeconds(30))
          .method(method, body.length == 0 ? HttpRequest.BodyPublishers.noBody()
              : HttpRequest.BodyPublishers.ofByteArray(body));
      for (String h : PASSED_HEADERS) {
        String v = exchange.getRequestHeaders().getFirst(h);
        if (v != null) {
          forward.header(h, v);
        }
      }
      HttpResponse<byte[]> answer = http.send(forward.build(), HttpResponse.BodyHandlers.ofByteArray());
      answer.headers().firstValue("Content-Type").ifPresent(v -> exchange.getResponseHeaders().add("Content-Type", v));
      boolean empty = answer.body().length == 0 || method.equals("HEAD");
      exchange.sendResponseHeaders(answer.statusCode(), empty ? -1 : answer.body().length);
      if (!empty) {
        exchange.getResponseBody().write(answer.body());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      log.debug("registry door: {}", e.toString());
    }
  }

  private boolean loggedIn(HttpExchange exchange) {
    String given = exchange.getRequestHeaders().getFirst("Authorization");
    return given != null && MessageDigest.isEqual(expected, given.getBytes(StandardCharsets.UTF_8));
  }

  /** A connection from one of this machine's own addresses: its own processes, as on the broker's loopback. */
  static boolean fromThisMachine(InetAddress remote) {
    try {
      return remote.isLoopbackAddress() || NetworkInterface.getByInetAddress(remote) != null;
    } catch (SocketException e) {
      return false;
    }
  }

  private static byte[] readBody(InputStream in) throws IOException {
    byte[] body = in.readNBytes(MAX_BODY + 1);
    return body.length > MAX_BODY ? null : body;
  }

  private static void reply(HttpExchange exchange, int status, String json) throws IOException {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/vnd.schemaregistry.v1+json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }
}
