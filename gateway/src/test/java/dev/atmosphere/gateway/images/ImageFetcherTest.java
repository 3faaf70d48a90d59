package dev.atmosphere.gateway.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.atmosphere.gateway.GatewayError;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Image URLs are fetched only from public addresses, never followed through redirects, and never past the limit. */
class ImageFetcherTest {

  private HttpServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop(0);
    }
  }

  private String serve(int status, byte[] body, String location) throws Exception {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/cat.png", ex -> {
      if (location != null) {
        ex.getResponseHeaders().set("Location", location);
      }
      ex.getResponseHeaders().set("Content-Type", "image/png");
      ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
      if (body.length > 0) {
        ex.getResponseBody().write(body);
      }
      ex.close();
    });
    server.start();
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/cat.png";
  }

  @Test
  void shouldRefuseLoopbackPrivateLinkLocalAndUniqueLocalAddresses() throws Exception {
    for (String a : new String[] {"127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254", "0.0.0.0",
        "100.64.0.1", "::1", "fc00::1", "fe80::1", "224.0.0.1"}) {
      assertThat(PublicAddresses.allowed(InetAddress.getByName(a))).as(a).isFalse();
    }
    assertThat(PublicAddresses.allowed(InetAddress.getByName("8.8.8.8"))).isTrue();
    assertThat(PublicAddresses.allowed(InetAddress.getByName("2606:4700:4700::1111"))).isTrue();
  }

  @Test
  void shouldNameThePartWhenTheUrlPointsInsideTheMachine() throws Exception {
    String url = serve(200, new byte[] {1, 2, 3}, null);

    assertThatThrownBy(() -> new ImageFetcher(Duration.ofSeconds(2)).fetch(url, 1000, "messages[0].content[1].image_url"))
        .isInstanceOfSatisfying(GatewayError.class, e -> {
          assertThat(e.param()).isEqualTo("messages[0].content[1].image_url");
          assertThat(e.getMessage()).contains("private or local address");
        });
  }

  @Test
  void shouldFetchWithinTheLimitAndRefuseRedirectsAndOversizedBodies() throws Exception {
    ImageFetcher loopbackAllowed = new ImageFetcher(Duration.ofSeconds(2), a -> true);
    String url = serve(200, new byte[5_000], null);

    assertThat(loopbackAllowed.fetch(url, 5_000, "f").bytes()).hasSize(5_000);
    assertThatThrownBy(() -> loopbackAllowed.fetch(url, 4_999, "f"))
        .isInstanceOfSatisfying(GatewayError.class, e -> assertThat(e.status()).isEqualTo(413));
    stop();
    String redirect = serve(302, new byte[0], "http://169.254.169.254/latest/meta-data");
    assertThatThrownBy(() -> loopbackAllowed.fetch(redirect, 5_000, "f"))
        .isInstanceOfSatisfying(GatewayError.class, e -> assertThat(e.getMessage()).contains("HTTP 302"));
  }
}
