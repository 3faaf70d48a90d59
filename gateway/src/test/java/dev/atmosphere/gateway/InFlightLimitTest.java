package dev.atmosphere.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.atmosphere.client.ReplyListener;
import dev.atmosphere.schemas.CapabilityAnnouncement;
import dev.atmosphere.schemas.Intent;
import dev.atmosphere.schemas.Timings;
import dev.atmosphere.schemas.WorkResult;
import dev.atmosphere.schemas.WorkStatus;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Requests that wait for a model hold a server thread each: beyond {@code gateway.max_in_flight} the next one is
 * refused at once (429, Retry-After), and the server still answers everything else while they wait.
 */
class InFlightLimitTest {

  /** A mesh whose answers wait until released (a model that takes its time). */
  private static final class HeldMesh implements MeshPort {
    final List<Map.Entry<Intent, ReplyListener>> waiting = new CopyOnWriteArrayList<>();
    volatile boolean atOnce;

    @Override
    public MeshPort start() {
      return this;
    }

    @Override
    public List<CapabilityAnnouncement> capabilities() {
      return List.of();
    }

    @Override
    public void submit(Intent intent, ReplyListener listener) {
      if (atOnce) {
        listener.onResult(answer(intent));
      } else {
        waiting.add(Map.entry(intent, listener));
      }
    }

    void release() {
      atOnce = true;
      waiting.forEach(w -> w.getValue().onResult(answer(w.getKey())));
    }

    private static WorkResult answer(Intent intent) {
      return WorkResult.newBuilder().setIntentId(intent.getIntentId()).setWorkId("w").setNodeId("n")
          .setCapabilityId("builtin:echo").setStatus(WorkStatus.SUCCEEDED).setAttempts(1).setOutput("done")
          .setTimings(Timings.newBuilder().setIntentCreatedAt(Instant.EPOCH).setFinishedAt(Instant.EPOCH).build())
          .build();
    }

    @Override
    public void forget(String intentId) {}

    @Override
    public void close() {}
  }

  private final HeldMesh mesh = new HeldMesh();
  private final HttpClient http = HttpClient.newHttpClient();
  private Gateway gateway;

  @AfterEach
  void stop() {
    mesh.release();
    gateway.close();
  }

  private HttpRequest chat(String text) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + "/v1/chat/completions"))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
            "{\"model\":\"auto\",\"messages\":[{\"role\":\"user\",\"content\":\"" + text + "\"}]}")).build();
  }

  @Test
  void shouldRefuseARequestBeyondTheLimitAtOnceAndAnswerEverythingElseWhileTheOthersWait() throws Exception {
    gateway = new Gateway(new Gateway.Settings("127.0.0.1", 0, Duration.ofSeconds(30), "node-a", false,
        GatewayLock.loopbackDefaults(), ModelAliases.NONE, 2), mesh, null, Clock.systemUTC()).start();
    List<CompletableFuture<HttpResponse<String>>> held = List.of(
        http.sendAsync(chat("first"), HttpResponse.BodyHandlers.ofString()),
        http.sendAsync(chat("second"), HttpResponse.BodyHandlers.ofString()));
    await().atMost(Duration.ofSeconds(10)).until(() -> mesh.waiting.size() == 2);

    HttpResponse<String> third = http.send(chat("third"), HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port()
        + "/health")).build(), HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> models = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port()
        + "/v1/models")).build(), HttpResponse.BodyHandlers.ofString());

    assertThat(third.statusCode()).isEqualTo(429);
    assertThat(third.headers().firstValue("Retry-After")).hasValue("1");
    assertThat(third.body()).contains("\"code\":\"gateway_busy\"").contains("gateway.max_in_flight");
    assertThat(mesh.waiting).as("the refused request never reached the mesh").hasSize(2);
    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(models.statusCode()).isEqualTo(200);

    mesh.release();
    for (CompletableFuture<HttpResponse<String>> f : held) {
      assertThat(f.get().statusCode()).isEqualTo(200);
    }
    assertThat(http.send(chat("fourth"), HttpResponse.BodyHandlers.ofString()).statusCode())
        .as("the slots are given back").isEqualTo(200);
  }

  @Test
  void shouldGiveTheSlotBackWhenARequestFails() throws Exception {
    gateway = new Gateway(new Gateway.Settings("127.0.0.1", 0, Duration.ofSeconds(30), "node-a", false,
        GatewayLock.loopbackDefaults(), ModelAliases.NONE, 1), mesh, null, Clock.systemUTC()).start();
    mesh.atOnce = true;
    HttpRequest bad = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port()
        + "/v1/chat/completions")).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"auto\",\"messages\":\"not a list\"}")).build();

    for (int i = 0; i < 3; i++) {
      assertThat(http.send(bad, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(400);
    }
    assertThat(http.send(chat("after three refusals"), HttpResponse.BodyHandlers.ofString()).statusCode())
        .isEqualTo(200);
  }
}
