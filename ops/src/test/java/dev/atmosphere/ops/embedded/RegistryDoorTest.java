package dev.atmosphere.ops.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.atmosphere.schemas.serde.HttpSchemaRegistryClient;
import dev.atmosphere.schemas.serde.RegistryUnavailableException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The shared registry's door, seen from another machine (every caller treated as foreign): anyone reads schemas,
 * only the mesh login adds or deletes them, and what it refuses never reaches the registry. The mesh's own registry
 * client logs in when given the login and reports a refused login as a fault, not as a bad record.
 */
class RegistryDoorTest {

  private static final String LOGIN = "atmosphere-mesh:derived-password";

  static {
    RegistryDoor.limitRequestTimes(); // before any JDK HTTP server of this JVM starts: it reads the limits once
  }
  private final List<String> reached = new CopyOnWriteArrayList<>();
  private HttpServer registry;
  private RegistryDoor door;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void open() throws Exception {
    registry = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0); // a stand-in registry
    registry.createContext("/", exchange -> {
      reached.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath());
      exchange.getRequestBody().readAllBytes();
      String body = exchange.getRequestURI().getPath().startsWith("/schemas/ids/")
          ? "{\"schema\":\"\\\"string\\\"\"}" : "{\"id\":7}";
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, bytes.length);
      exchange.getResponseBody().write(bytes);
      exchange.close();
    });
    registry.start();
    door = RegistryDoor.open(0, "http://127.0.0.1:" + registry.getAddress().getPort(), LOGIN, a -> false);
  }

  @AfterEach
  void close() {
    door.close();
    registry.stop(0);
  }

  private String url() {
    return "http://127.0.0.1:" + door.port();
  }

  @Test
  void shouldLetAnyoneReadSchemasButOnlyTheMeshLoginAddThem() {
    HttpSchemaRegistryClient stranger = new HttpSchemaRegistryClient(url(), Duration.ofSeconds(2));
    HttpSchemaRegistryClient member = new HttpSchemaRegistryClient(url(), Duration.ofSeconds(2), LOGIN);

    assertThat(stranger.byId(7).getType()).isEqualTo(Schema.Type.STRING);
    assertThatThrownBy(() -> stranger.register("atmosphere.intents-value", Schema.create(Schema.Type.LONG)))
        .isInstanceOf(RegistryUnavailableException.class).hasMessageContaining("refused our login")
        .hasMessageContaining("HTTP 401");
    assertThat(member.register("atmosphere.intents-value", Schema.create(Schema.Type.LONG))).isEqualTo(7);
    assertThat(reached).containsExactly("GET /schemas/ids/7", "POST /subjects/atmosphere.intents-value/versions");
  }

  @Test
  void shouldRefuseADeleteWithoutTheLoginOrWithAWrongOneBeforeItReachesTheRegistry() throws Exception {
    assertThat(send("DELETE", "/subjects/atmosphere.intents-value", null, new byte[0])).isEqualTo(401);
    assertThat(send("DELETE", "/subjects/atmosphere.intents-value", "atmosphere-mesh:guess", new byte[0]))
        .isEqualTo(401);
    assertThat(send("PUT", "/config", "atmosphere-mesh:guess", "{\"compatibility\":\"NONE\"}".getBytes()))
        .isEqualTo(401);
    assertThat(reached).isEmpty();
    assertThat(send("DELETE", "/subjects/atmosphere.intents-value", LOGIN, new byte[0])).isEqualTo(200);
    assertThat(reached).containsExactly("DELETE /subjects/atmosphere.intents-value");
  }

  @Test
  void shouldRefuseABodyOverOneMebibyte() throws Exception {
    assertThat(send("POST", "/subjects/x/versions", LOGIN, new byte[(1 << 20) + 1])).isEqualTo(413);
    assertThat(reached).isEmpty();
  }

  @Test
  void shouldHangUpOnASenderThatNeverFinishesItsRequest() throws Exception {
    try (java.net.Socket slow = new java.net.Socket("127.0.0.1", door.port())) {
      slow.getOutputStream().write("POST /subjects/x/versions HTTP/1.1\r\nHost: a\r\n".getBytes(StandardCharsets.UTF_8));
      slow.setSoTimeout(30_000);
      long started = System.nanoTime();

      int read = slow.getInputStream().read(); // blocks until the door gives up on it

      assertThat(read).as("closed, nothing answered").isEqualTo(-1);
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(25));
    }
    assertThat(reached).isEmpty();
  }

  @Test
  void shouldTrustOnlyThisMachinesOwnAddressesWithoutALogin() throws Exception {
    assertThat(RegistryDoor.fromThisMachine(InetAddress.getLoopbackAddress())).isTrue();
    assertThat(RegistryDoor.fromThisMachine(InetAddress.getByName("192.0.2.10"))).as("TEST-NET-1").isFalse();
  }

  private int send(String method, String path, String login, byte[] body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url() + path))
        .method(method, HttpRequest.BodyPublishers.ofByteArray(body));
    if (login != null) {
      b.header("Authorization", "Basic " + java.util.Base64.getEncoder()
          .encodeToString(login.getBytes(StandardCharsets.UTF_8)));
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
  }
}
