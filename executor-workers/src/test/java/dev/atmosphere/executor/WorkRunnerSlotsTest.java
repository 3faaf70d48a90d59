package dev.atmosphere.executor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.atmosphere.backends.Outcome;
import dev.atmosphere.schemas.CapabilityType;
import dev.atmosphere.schemas.IntentKind;
import dev.atmosphere.schemas.Provider;
import dev.atmosphere.schemas.WorkResult;
import dev.atmosphere.schemas.WorkStatus;
import dev.atmosphere.schemas.WorkUnit;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Mesh work and the node API's tool calls share one set of slots: together they never exceed the node's limit. */
class WorkRunnerSlotsTest {

  private final CountDownLatch release = new CountDownLatch(1);
  private final AtomicInteger calling = new AtomicInteger();
  private final WorkRunner runner = new WorkRunner("n1", Map.of(Provider.BUILTIN, (unit, timeout) -> {
    calling.incrementAndGet();
    try {
      release.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    calling.decrementAndGet();
    return new Outcome("done " + unit.getWorkId(), "{}", null, null, null);
  }), Duration.ofSeconds(30), Clock.systemUTC(), 2);

  @AfterEach
  void stop() {
    release.countDown();
  }

  private static WorkUnit unit(String id) {
    return WorkUnit.newBuilder().setWorkId(id).setIntentId(id).setRouteId("r").setNodeId("n1").setCapabilityId("cap")
        .setCapabilityType(CapabilityType.LLM).setProvider(Provider.BUILTIN).setTarget("t").setKind(IntentKind.CHAT)
        .setText("hi").setIntentCreatedAt(Instant.EPOCH).setRoutedAt(Instant.EPOCH).build();
  }

  @Test
  void shouldRefuseAToolCallWhileMeshWorkHoldsEverySlot() {
    CompletableFuture<WorkResult> a = CompletableFuture.supplyAsync(() -> runner.run(unit("mesh-1")));
    CompletableFuture<WorkResult> b = CompletableFuture.supplyAsync(() -> runner.run(unit("mesh-2")));
    await().atMost(Duration.ofSeconds(10)).until(() -> calling.get() == 2);

    assertThat(runner.tryRun(unit("tool-1"))).as("no slot left for a tool call").isEmpty();
    release.countDown();
    assertThat(a.join().getStatus()).isEqualTo(WorkStatus.SUCCEEDED);
    assertThat(b.join().getStatus()).isEqualTo(WorkStatus.SUCCEEDED);
    assertThat(runner.tryRun(unit("tool-2"))).hasValueSatisfying(r -> assertThat(r.getOutput()).isEqualTo("done tool-2"));
  }

  @Test
  void shouldMakeMeshWorkWaitWhileToolCallsHoldEverySlot() {
    CompletableFuture<?> tools = CompletableFuture.allOf(
        CompletableFuture.supplyAsync(() -> runner.tryRun(unit("tool-1"))),
        CompletableFuture.supplyAsync(() -> runner.tryRun(unit("tool-2"))));
    await().atMost(Duration.ofSeconds(10)).until(() -> calling.get() == 2);
    CompletableFuture<WorkResult> mesh = CompletableFuture.supplyAsync(() -> runner.run(unit("mesh-1")));

    await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> calling.get() == 2
        && !mesh.isDone()); // it waits: never a third call at once
    release.countDown();
    tools.join();
    assertThat(mesh.join().getOutput()).isEqualTo("done mesh-1");
  }
}
