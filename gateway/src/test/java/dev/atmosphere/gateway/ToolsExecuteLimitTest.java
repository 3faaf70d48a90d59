package dev.atmosphere.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.atmosphere.schemas.CapabilityAnnouncement;
import dev.atmosphere.schemas.CapabilityType;
import dev.atmosphere.schemas.Timings;
import dev.atmosphere.schemas.WorkResult;
import dev.atmosphere.schemas.WorkStatus;
import dev.atmosphere.schemas.WorkUnit;
import dev.atmosphere.schemas.fixtures.Fixtures;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code /v1/tools/execute} runs within the node's concurrency limit: one call too many is a 429, not a pile-up. */
class ToolsExecuteLimitTest {

  private final CountDownLatch release = new CountDownLatch(1);
  private final AtomicInteger running = new AtomicInteger();
  private final java.util.concurrent.Semaphore slots = new java.util.concurrent.Semaphore(2);
  private Gateway gateway;

  @AfterEach
  void stop() {
    release.countDown();
    gateway.close();
  }

  @Test
  void shouldRefuseACallBeyondTheNodesLimitAndTakeItAgainOnceASlotIsFree() throws Exception {
    CapabilityAnnouncement llm = Fixtures.capability("node-a", "llamafarm:llm:demo/chat", CapabilityType.LLM, "chat",
        "chat").build();
    NodeApi api = new NodeApi("node-a", new NodeApi.Port() {
      public List<CapabilityAnnouncement> capabilities() {
        return List.of(llm);
      }

      public Map<String, Object> resources() {
        return Map.of();
      }

      public Map<String, Object> config() {
        return Map.of();
      }

      public java.util.Optional<WorkResult> tryExecute(WorkUnit unit) { // two slots, as a WorkRunner with 2 would
        if (!slots.tryAcquire()) {
          return java.util.Optional.empty();
        }
        running.incrementAndGet();
        try {
          release.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        } finally {
          slots.release();
        }
        return java.util.Optional.of(WorkResult.newBuilder().setIntentId(unit.getIntentId())
            .setStatus(WorkStatus.SUCCEEDED).setOutput("done").setTimings(Timings.newBuilder()
                .setIntentCreatedAt(Instant.EPOCH).setFinishedAt(Instant.EPOCH).build()).build());
      }

      public int maxConcurrent() {
        return 2;
      }
    }, Clock.systemUTC());
    gateway = new Gateway(new Gateway.Settings("127.0.0.1", 0, Duration.ofSeconds(5), "node-a", false,
        GatewayLock.loopbackDefaults()), new EchoMesh(), api, Clock.systemUTC()).start();
    String call = "{\"tool_name\":\"llamafarm_generate\",\"params\":{\"prompt\":\"hi\"}}";
    Map<String, String> json = Map.of("Content-Type", "application/json");

    CompletableFuture<RawHttp.Response> first = CompletableFuture.supplyAsync(() -> send(call, json));
    CompletableFuture<RawHttp.Response> second = CompletableFuture.supplyAsync(() -> send(call, json));
    await().atMost(Duration.ofSeconds(10)).until(() -> running.get() == 2);
    RawHttp.Response third = send(call, json);
    release.countDown();

    assertThat(third.status()).isEqualTo(429);
    assertThat(third.body()).contains("already runs 2 requests (mesh work and tool calls share");
    assertThat(first.get().status()).isEqualTo(200);
    assertThat(second.get().status()).isEqualTo(200);
    assertThat(send(call, json).status()).isEqualTo(200);
  }

  private RawHttp.Response send(String body, Map<String, String> headers) {
    try {
      return RawHttp.send(gateway.port(), "POST", "/v1/tools/execute", headers, body);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
