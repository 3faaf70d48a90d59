package dev.atmosphere.common.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A backend that sends its headers and a first piece, then goes silent, fails the call instead of wedging it. */
class StallTest {

  private HttpServer server;
  private final CountDownLatch release = new CountDownLatch(1);

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
    server.createContext("/", ex -> {
      ex.getRequestBody().readAllBytes();
      ex.sendResponseHeaders(200, 0); // chunked
      OutputStream out = ex.getResponseBody();
      out.write(ex.getRequestURI().getPath().equals("/stream")
          ? "data: {\"n\":1}\n\n".getBytes(StandardCharsets.UTF_8)
          : "{\"half\":".getBytes(StandardCharsets.UTF_8));
      out.flush();
      try {
        release.await(); // stall mid-body until the test ends
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      ex.close();
    });
    server.start();
  }

  @AfterEach
  void stop() {
    release.countDown();
    server.stop(0);
  }

  private String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  @Test
  void shouldTimeOutAStreamThatStallsAfterItsFirstPiece() throws Exception {
    JsonHttp http = new JsonHttp(Duration.ofSeconds(2), Duration.ofMillis(300));
    long start = System.nanoTime();

    try (InputStream in = http.postStreaming(url("/stream"), Map.of(), Map.of(), Duration.ofSeconds(30))) {
      assertThatThrownBy(() -> in.readAllBytes()).isInstanceOf(HttpFailure.class)
          .hasMessageContaining("stalled mid-answer: no data for 300 ms")
          .satisfies(e -> assertThat(((HttpFailure) e).kind()).isEqualTo(HttpFailure.Kind.TIMEOUT));
    }
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    assertThat(Thread.currentThread().isInterrupted()).as("the interrupt is not left behind").isFalse();
  }

  @Test
  void shouldTimeOutAPlainAnswerWhoseBodyStallsAfterTheHeaders() {
    JsonHttp http = new JsonHttp(Duration.ofSeconds(2));

    assertThatThrownBy(() -> http.post(url("/plain"), Map.of(), Map.of(), Duration.ofMillis(500)))
        .isInstanceOf(HttpFailure.class).hasMessageContaining("did not finish its answer in time")
        .satisfies(e -> assertThat(((HttpFailure) e).kind()).isEqualTo(HttpFailure.Kind.TIMEOUT));
  }
}
