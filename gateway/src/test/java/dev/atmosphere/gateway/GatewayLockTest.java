package dev.atmosphere.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atmosphere.common.config.ConfigException;
import dev.atmosphere.common.config.Settings;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The local API refuses what a web page, a rebinding DNS name or a stranger sends; it serves what a client sends. */
class GatewayLockTest {

  private static final String CHAT = "{\"model\":\"auto\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
  private static final String KEY = "k-0123456789abcdef-secret";
  private final EchoMesh mesh = new EchoMesh();
  private Gateway gateway;

  private int start(GatewayLock lock) {
    gateway = new Gateway(new Gateway.Settings("127.0.0.1", 0, Duration.ofSeconds(5), "node-a", false, lock), mesh,
        null, Clock.systemUTC()).start();
    return gateway.port();
  }

  @AfterEach
  void stop() {
    if (gateway != null) {
      gateway.close();
    }
  }

  private static Map<String, String> json(String... more) {
    Map<String, String> h = new HashMap<>(Map.of("Content-Type", "application/json"));
    for (int i = 0; i < more.length; i += 2) {
      h.put(more[i], more[i + 1]);
    }
    return h;
  }

  @Test
  void shouldServeAJsonRequestFromALoopbackClient() throws Exception {
    int port = start(GatewayLock.loopbackDefaults());

    RawHttp.Response r = RawHttp.send(port, "POST", "/v1/chat/completions", json(), CHAT);

    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(r.body()).contains("echo: hi");
  }

  @Test
  void shouldRefuseTheSimpleCrossSiteRequestAPageCanSendWithoutAPreflight() throws Exception {
    int port = start(GatewayLock.loopbackDefaults());

    RawHttp.Response foreign = RawHttp.send(port, "POST", "/v1/chat/completions",
        Map.of("Content-Type", "text/plain", "Origin", "http://evil.example"), CHAT);
    RawHttp.Response plain = RawHttp.send(port, "POST", "/v1/chat/completions", Map.of("Content-Type", "text/plain"), CHAT);
    RawHttp.Response form = RawHttp.send(port, "POST", "/v1/chat/completions",
        Map.of("Content-Type", "application/x-www-form-urlencoded"), CHAT);

    assertThat(foreign.status()).isEqualTo(403);
    assertThat(foreign.body()).contains("\"param\":\"Origin\"").contains("origin_not_allowed");
    assertThat(plain.status()).isEqualTo(415);
    assertThat(plain.body()).contains("\"param\":\"Content-Type\"");
    assertThat(form.status()).isEqualTo(415);
    assertThat(mesh.submitted).as("nothing reached the mesh").hasValue(0);
  }

  @Test
  void shouldRefuseARebindingHostNameEvenForReads() throws Exception {
    int port = start(GatewayLock.loopbackDefaults());

    RawHttp.Response rebound = RawHttp.send(port, "GET", "/v1/models", Map.of("Host", "attacker.example:" + port), null);
    RawHttp.Response noHost = RawHttp.send(port, "POST", "/v1/chat/completions", json("Host", ""), CHAT);

    assertThat(rebound.status()).isEqualTo(403);
    assertThat(rebound.body()).contains("host_not_allowed").contains("\"param\":\"Host\"");
    assertThat(noHost.status()).isIn(400, 403);
    assertThat(mesh.submitted).hasValue(0);
  }

  @Test
  void shouldAllowAConfiguredOriginAndAnswerItsPreflight() throws Exception {
    int port = start(new GatewayLock(GatewayLock.LOOPBACK, Set.of("http://app.local:3000"), List.of(), false, 600, 1 << 20));

    RawHttp.Response preflight = RawHttp.send(port, "OPTIONS", "/v1/chat/completions",
        Map.of("Origin", "http://app.local:3000", "Access-Control-Request-Method", "POST"), null);
    RawHttp.Response post = RawHttp.send(port, "POST", "/v1/chat/completions", json("Origin", "http://app.local:3000"), CHAT);
    RawHttp.Response sameOrigin = RawHttp.send(port, "POST", "/v1/chat/completions",
        json("Origin", "http://127.0.0.1:" + port), CHAT);

    assertThat(preflight.status()).isEqualTo(204);
    assertThat(preflight.header("Access-Control-Allow-Origin")).isEqualTo("http://app.local:3000");
    assertThat(post.status()).isEqualTo(200);
    assertThat(post.header("Access-Control-Allow-Origin")).isEqualTo("http://app.local:3000");
    assertThat(sameOrigin.status()).as("the node's own pages").isEqualTo(200);
  }

  @Test
  void shouldRequireAValidBearerKeyWhenKeysAreConfigured() throws Exception {
    GatewayLock lock = GatewayLock.from(Settings.of(Map.of("gateway.api_keys", KEY)), "127.0.0.1");
    int port = start(lock);

    RawHttp.Response missing = RawHttp.send(port, "POST", "/v1/chat/completions", json(), CHAT);
    RawHttp.Response wrong = RawHttp.send(port, "POST", "/v1/chat/completions",
        json("Authorization", "Bearer not-the-key-at-all"), CHAT);
    RawHttp.Response right = RawHttp.send(port, "POST", "/v1/chat/completions", json("Authorization", "Bearer " + KEY), CHAT);
    RawHttp.Response health = RawHttp.send(port, "GET", "/health", Map.of(), null);

    assertThat(missing.status()).isEqualTo(401);
    assertThat(missing.body()).contains("authentication_error").contains("invalid_api_key");
    assertThat(wrong.status()).isEqualTo(401);
    assertThat(wrong.body()).doesNotContain("not-the-key-at-all");
    assertThat(right.status()).isEqualTo(200);
    assertThat(health.status()).isEqualTo(200);
    assertThat(mesh.submitted).hasValue(1);
  }

  @Test
  void shouldRefuseToBindBeyondLoopbackWithoutKeysAndNeverPrintAKey() {
    assertThatThrownBy(() -> {
      Settings s = Settings.of(Map.of());
      GatewayLock.from(s, "0.0.0.0");
      s.validate();
    }).isInstanceOf(ConfigException.class).hasMessageContaining("gateway.api_keys")
        .hasMessageContaining("binds beyond loopback");
    assertThatThrownBy(() -> {
      Settings s = Settings.of(Map.of("gateway.api_keys", "short-" + "x"));
      GatewayLock.from(s, "0.0.0.0");
      s.validate();
    }).isInstanceOf(ConfigException.class).hasMessageContaining("at least 16 characters")
        .hasMessageNotContaining("short-x");
    String digest = "sha256:" + java.util.HexFormat.of().formatHex(GatewayLock.digest(KEY));
    GatewayLock lock = GatewayLock.from(Settings.of(Map.of("gateway.api_keys", digest)), "192.168.1.20");
    assertThat(lock.accepts(KEY)).isTrue();
    assertThat(lock.allowedHosts()).contains("192.168.1.20");
    assertThat(lock.toString()).doesNotContain(digest.substring(7, 20));
  }

  @Test
  void shouldAnswer429WithRetryAfterBeyondTheRateLimit() throws Exception {
    int port = start(new GatewayLock(GatewayLock.LOOPBACK, Set.of(), List.of(), false, 2, 1 << 20));

    int first = RawHttp.send(port, "POST", "/v1/chat/completions", json(), CHAT).status();
    int second = RawHttp.send(port, "POST", "/v1/chat/completions", json(), CHAT).status();
    RawHttp.Response third = RawHttp.send(port, "POST", "/v1/chat/completions", json(), CHAT);

    assertThat(List.of(first, second)).containsOnly(200);
    assertThat(third.status()).isEqualTo(429);
    assertThat(Long.parseLong(third.header("Retry-After"))).isBetween(1L, 60L);
  }

  @Test
  void shouldBoundTimeoutsMessagesTokensAndEmbeddingInputsNamingTheField() throws Exception {
    int port = start(GatewayLock.loopbackDefaults());

    RawHttp.Response timeout = RawHttp.send(port, "POST", "/v1/chat/completions", json(),
        "{\"model\":\"auto\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"atmosphere\":{\"timeout_ms\":999999999999}}");
    RawHttp.Response tokens = RawHttp.send(port, "POST", "/v1/chat/completions", json(),
        "{\"model\":\"auto\",\"max_tokens\":-5,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
    String inputs2049 = "[" + String.join(",", java.util.Collections.nCopies(2049, "\"x\"")) + "]";
    String inputs2048 = "[" + String.join(",", java.util.Collections.nCopies(2048, "\"x\"")) + "]";
    RawHttp.Response tooMany = RawHttp.send(port, "POST", "/v1/embeddings", json(),
        "{\"model\":\"auto\",\"input\":" + inputs2049 + "}");
    RawHttp.Response most = RawHttp.send(port, "POST", "/v1/embeddings", json(),
        "{\"model\":\"auto\",\"input\":" + inputs2048 + "}");

    assertThat(timeout.status()).isEqualTo(400);
    assertThat(timeout.body()).contains("\"param\":\"atmosphere.timeout_ms\"");
    assertThat(tokens.status()).isEqualTo(400);
    assertThat(tokens.body()).contains("\"param\":\"max_tokens\"");
    assertThat(tooMany.status()).isEqualTo(400);
    assertThat(tooMany.body()).contains("\"param\":\"input\"").contains("2049");
    assertThat(most.status()).as(most.body()).isEqualTo(200);
    assertThat(most.body()).contains("\"index\":2047");
    assertThat(mesh.submitted).as("2,048 inputs in units of 64, not 2,048 intents").hasValue(32);
  }
}
