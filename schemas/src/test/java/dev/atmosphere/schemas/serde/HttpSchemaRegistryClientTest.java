package dev.atmosphere.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.atmosphere.schemas.Intent;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HttpSchemaRegistryClientTest {

  private HttpServer server;
  private final AtomicInteger calls = new AtomicInteger();

  private String serve(int... statuses) throws Exception {
    AtomicInteger call = new AtomicInteger();
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", ex -> {
      calls.incrementAndGet();
      int status = statuses[Math.min(call.getAndIncrement(), statuses.length - 1)];
      byte[] body = (status == 200 ? "{\"id\":7}" : "{\"message\":\"already exists\",\"error_code\":409}")
          .getBytes(StandardCharsets.UTF_8);
      ex.sendResponseHeaders(status, body.length);
      ex.getResponseBody().write(body);
      ex.close();
    });
    server.start();
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop(0);
    }
  }

  @Test
  void shouldReportAnUnreachableRegistryAsAnOutageNotAsABadRecord() throws Exception {
    int port;
    try (java.net.ServerSocket closed = new java.net.ServerSocket(0)) {
      port = closed.getLocalPort();
    }
    HttpSchemaRegistryClient client = new HttpSchemaRegistryClient("http://127.0.0.1:" + port,
        java.time.Duration.ofMillis(300));

    assertThatThrownBy(() -> client.byId(3)).isInstanceOf(RegistryUnavailableException.class)
        .hasMessageContaining("unreachable (fetch schema id 3)")
        .satisfies(e -> assertThat(RegistryUnavailableException.causedBy(new RuntimeException(e))).isTrue());
  }

  @Test
  void shouldRideOutA5xxBurstAndCallAPersistent5xxAnOutage() throws Exception {
    assertThat(new HttpSchemaRegistryClient(serve(503, 503, 200)).register("t-value", Intent.getClassSchema()))
        .isEqualTo(7);
    server.stop(0);

    HttpSchemaRegistryClient down = new HttpSchemaRegistryClient(serve(503));
    assertThatThrownBy(() -> down.register("t-value", Intent.getClassSchema()))
        .isInstanceOf(RegistryUnavailableException.class).hasMessageContaining("HTTP 503");
  }

  @Test
  void shouldRetryWhenTheRegistryLosesARaceOfConcurrentFirstRegistrations() throws Exception {
    HttpSchemaRegistryClient client = new HttpSchemaRegistryClient(serve(409, 500, 200));

    assertThat(client.register("t-value", Intent.getClassSchema())).isEqualTo(7);
  }

  @Test
  void shouldFailNamingTheSubjectWhenTheSchemaIsRefusedEveryTime() throws Exception {
    HttpSchemaRegistryClient client = new HttpSchemaRegistryClient(serve(409));

    assertThatThrownBy(() -> client.register("t-value", Intent.getClassSchema()))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("refused to register schema dev.atmosphere.schemas.Intent under subject t-value: HTTP 409")
        .satisfies(e -> assertThat(RegistryUnavailableException.causedBy(e)).as("a refusal is not an outage").isFalse());
  }

  @Test
  void shouldRegisterASchemaOnceUnderASubjectWhetherGivenTheSameObjectOrAnEqualOne() throws Exception {
    HttpSchemaRegistryClient client = new HttpSchemaRegistryClient(serve(200));
    org.apache.avro.Schema copy = new org.apache.avro.Schema.Parser().parse(Intent.getClassSchema().toString());

    for (int i = 0; i < 100; i++) {
      assertThat(client.register("t-value", Intent.getClassSchema())).isEqualTo(7);
    }
    assertThat(client.register("t-value", copy)).isEqualTo(7);
    assertThat(calls).hasValue(1);
    assertThat(client.register("other-value", Intent.getClassSchema())).isEqualTo(7);
    assertThat(calls).hasValue(2);
  }
}
