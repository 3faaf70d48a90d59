package dev.atmosphere.router.topology;

import static dev.atmosphere.schemas.fixtures.Fixtures.intent;
import static org.assertj.core.api.Assertions.assertThat;

import dev.atmosphere.router.Routed;
import dev.atmosphere.router.failover.FailoverPolicy;
import dev.atmosphere.schemas.CapabilityType;
import dev.atmosphere.schemas.IntentKind;
import dev.atmosphere.schemas.Provider;
import dev.atmosphere.schemas.RouteDecision;
import dev.atmosphere.schemas.Timings;
import dev.atmosphere.schemas.WorkResult;
import dev.atmosphere.schemas.WorkStatus;
import dev.atmosphere.schemas.WorkUnit;
import dev.atmosphere.schemas.internal.IntentState;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/** The failover rules with plain values: no topology, no store, no clock. */
class FailoverLedgerTest {

  private static final Instant NOW = Instant.parse("2026-11-27T10:00:00Z");
  private final FailoverLedger ledger = new FailoverLedger(FailoverPolicy.defaults()); // 3 attempts

  private static IntentState inFlight(int attempt, String node, List<String> tried) {
    return IntentState.newBuilder().setIntent(intent("i", IntentKind.CHAT, "hello", NOW.minusSeconds(5)).build())
        .setAttempt(attempt).setWorkId("i-w" + attempt).setNodeId(node).setCapabilityId("llm")
        .setDispatchedAt(NOW.minusSeconds(1)).setTriedNodes(tried).build();
  }

  private static WorkResult answer(IntentState state, WorkStatus status) {
    return WorkResult.newBuilder().setIntentId("i").setWorkId(state.getWorkId()).setNodeId(state.getNodeId())
        .setCapabilityId("llm").setStatus(status).setError(status == WorkStatus.SUCCEEDED ? null : "HTTP 500")
        .setSignature(ByteBuffer.wrap(new byte[] {1})) // checked before it reaches the ledger (AttemptProof)
        .setTimings(Timings.newBuilder().setIntentCreatedAt(NOW).setFinishedAt(NOW).build()).build();
  }

  private static RouteDecision decision(String reason) {
    return RouteDecision.newBuilder().setRouteId("i-r").setIntentId("i").setAttempt(2).setDecidedAt(NOW)
        .setEmbeddingModel("m").setCandidates(List.of()).setReason(reason).build();
  }

  /** The planner's answer for any attempt: the node to go to, or none. */
  private static IntFunction<Routed> routesTo(String node) {
    return attempt -> node == null ? new Routed(decision("no candidate passed the hard filters"), null, null)
        : new Routed(decision(null), WorkUnit.newBuilder().setWorkId("i-w" + attempt).setIntentId("i")
            .setRouteId("i-r").setAttempt(attempt).setNodeId(node).setCapabilityId("llm")
            .setCapabilityType(CapabilityType.LLM).setProvider(Provider.LLAMAFARM).setTarget("p")
            .setKind(IntentKind.CHAT).setText("hello").setIntentCreatedAt(NOW).setRoutedAt(NOW).build(), null);
  }

  private FailoverLedger.Step after(IntentState state, WorkResult result, IntFunction<Routed> plan) {
    return ledger.attempt(state, result, () -> false, NOW, plan, Optional::empty);
  }

  @Test
  void shouldFinishWithTheAnswerOfTheAttemptInFlight() {
    IntentState state = inFlight(1, "a", List.of("a"));

    assertThat(after(state, answer(state, WorkStatus.SUCCEEDED), routesTo("b")))
        .isInstanceOfSatisfying(FailoverLedger.Finish.class, f -> assertThat(f.terminal().getStatus())
            .isEqualTo(WorkStatus.SUCCEEDED));
  }

  @Test
  void shouldIgnoreAnAttemptOfAnotherWorkIdANodeOrAnUnsignedOne() {
    IntentState state = inFlight(2, "b", List.of("a", "b"));
    WorkResult late = WorkResult.newBuilder(answer(state, WorkStatus.SUCCEEDED)).setWorkId("i-w1").build();
    WorkResult foreign = WorkResult.newBuilder(answer(state, WorkStatus.SUCCEEDED)).setNodeId("c").build();
    WorkResult unsigned = WorkResult.newBuilder(answer(state, WorkStatus.SUCCEEDED)).setSignature(null).build();

    assertThat(List.of(after(state, late, routesTo("c")), after(state, foreign, routesTo("c")),
        after(state, unsigned, routesTo("c")), after(null, late, routesTo("c"))))
        .allSatisfy(step -> assertThat(step).isInstanceOf(FailoverLedger.Ignore.class));
  }

  @Test
  void shouldDispatchTheNextAttemptToAnotherNodeAfterAFailure() {
    IntentState state = inFlight(1, "a", List.of("a"));

    assertThat(after(state, answer(state, WorkStatus.FAILED), routesTo("b")))
        .isInstanceOfSatisfying(FailoverLedger.Dispatch.class, d -> {
          assertThat(d.from()).isEqualTo("a");
          assertThat(d.next().getAttempt()).isEqualTo(2);
          assertThat(d.next().getNodeId()).isEqualTo("b");
          assertThat(d.next().getTriedNodes()).containsExactly("a", "b");
          assertThat(d.next().getLastError()).isEqualTo("HTTP 500");
        });
  }

  @Test
  void shouldNameTheEarlierNodesOnTheNextAttemptOfAStreamedIntentSoItContinuesTheirText() {
    IntentState state = inFlight(2, "b", List.of("a", "b"));
    IntFunction<Routed> streamed = attempt -> {
      Routed r = routesTo("c").apply(attempt);
      return new Routed(r.decision(), WorkUnit.newBuilder(r.work()).setStream(true).build(), null);
    };

    assertThat(after(state, answer(state, WorkStatus.FAILED), streamed))
        .isInstanceOfSatisfying(FailoverLedger.Dispatch.class, d -> {
          assertThat(d.routed().work().getEarlierNodes()).containsExactly("a", "b");
          assertThat(d.next().getTriedNodes()).containsExactly("a", "b", "c");
        });
    assertThat(after(state, answer(state, WorkStatus.FAILED), routesTo("c")))
        .isInstanceOfSatisfying(FailoverLedger.Dispatch.class, d -> assertThat(d.routed().work().getEarlierNodes())
            .as("an answer that is not streamed starts again").isEmpty());
  }

  @Test
  void shouldWaitOutAFullQueueWithoutCountingTheNodeAsTried() {
    IntentState state = inFlight(1, "a", List.of("a"));

    assertThat(after(state, answer(state, WorkStatus.REJECTED), routesTo("b")))
        .isInstanceOfSatisfying(FailoverLedger.Keep.class, k -> {
          assertThat(k.next().getRetryAt()).isAfter(NOW);
          assertThat(k.next().getTriedNodes()).isEmpty();
          assertThat(k.next().getBusyRetries()).isEqualTo(1);
        });
  }

  @Test
  void shouldEndWithTheLastFailureWhenTheBudgetIsSpentOrNoOtherNodeQualifies() {
    IntentState third = inFlight(3, "c", List.of("a", "b", "c"));
    IntentState first = inFlight(1, "a", List.of("a"));

    assertThat(after(third, answer(third, WorkStatus.FAILED), routesTo("d")))
        .isInstanceOfSatisfying(FailoverLedger.Finish.class, f -> {
          assertThat(f.terminal().getError()).isEqualTo("HTTP 500");
          assertThat(f.noRoute()).isNull();
        });
    assertThat(ledger.retry(first, null, "node a died with the work outstanding", NOW, routesTo(null),
        Optional::empty)).isInstanceOfSatisfying(FailoverLedger.Finish.class, f -> {
          assertThat(f.terminal().getErrorKind()).isEqualTo("NO_FAILOVER");
          assertThat(f.terminal().getError()).startsWith("node a died with the work outstanding; no other capability");
          assertThat(f.noRoute().decision().getReason()).isEqualTo("no candidate passed the hard filters");
        });
  }

  @Test
  void shouldEndAtTheDeadlineAsATimeout() {
    IntentState late = IntentState.newBuilder(inFlight(1, "a", List.of("a"))).setIntent(intent("i", IntentKind.CHAT,
        "hello", NOW.minusSeconds(60)).setDeadlineAt(NOW.minusSeconds(1)).build()).build();

    assertThat(ledger.retry(late, null, "attempt on a timed out", NOW, routesTo("b"), Optional::empty))
        .isInstanceOfSatisfying(FailoverLedger.Finish.class, f -> assertThat(f.terminal().getErrorKind())
            .isEqualTo("TIMEOUT"));
  }

  @Test
  void shouldKeepAnIntentWaitingForAMigratedModelUntilTheMigrationFails() {
    IntentState waiting = IntentState.newBuilder(inFlight(0, "", List.of())).setWorkId("")
        .setLastError(AutoMigration.WAITING + "moving tiny:latest").setBusyRetries(1).build();

    assertThat(ledger.retry(waiting, null, waiting.getLastError(), NOW, routesTo(null), Optional::empty))
        .isInstanceOf(FailoverLedger.Keep.class);
    assertThat(ledger.retry(waiting, null, waiting.getLastError(), NOW, routesTo(null),
        () -> Optional.of("the migration of tiny:latest to a failed: disk full")))
        .isInstanceOfSatisfying(FailoverLedger.Finish.class, f -> assertThat(f.terminal().getErrorKind())
            .isEqualTo("MIGRATION_FAILED"));
  }

  @Test
  void shouldWaitForASilentNodeWhenNoNodeAnsweredAndNothingQualifiesNow() {
    IntentState timedOut = inFlight(1, "a", List.of("a"));
    String reason = "attempt on a timed out after 6000 ms";

    FailoverLedger.Step step = ledger.retry(timedOut, null, reason, NOW, routesTo(null), Optional::empty, () -> true);
    assertThat(step).isInstanceOfSatisfying(FailoverLedger.Keep.class, k -> {
      assertThat(k.next().getRetryAt()).isEqualTo(NOW.plusMillis(200));
      assertThat(k.next().getWorkId()).isEmpty(); // nothing outstanding while it waits
      assertThat(k.next().getTriedNodes()).containsExactly("a"); // the node that did not answer stays tried
      assertThat(k.next().getLastError()).isEqualTo(reason + Backpressure.SILENT);
    });
    IntentState waited = IntentState.newBuilder(((FailoverLedger.Keep) step).next()).setRetryAt(null).build();
    assertThat(ledger.retry(waited, null, waited.getLastError(), NOW.plusSeconds(1), routesTo("b"), Optional::empty,
        () -> false)).as("a node is back: the next attempt goes there")
        .isInstanceOfSatisfying(FailoverLedger.Dispatch.class, d -> assertThat(d.next().getNodeId()).isEqualTo("b"));
    assertThat(ledger.retry(timedOut, null, reason, NOW, routesTo(null), Optional::empty, () -> false))
        .as("no node is silent: nothing to wait for").isInstanceOf(FailoverLedger.Finish.class);
    IntentState spent = IntentState.newBuilder(timedOut).setBusyRetries(Backpressure.MAX_BUSY_RETRIES).build();
    assertThat(ledger.retry(spent, null, reason, NOW, routesTo(null), Optional::empty, () -> true))
        .as("the pauses are counted").isInstanceOf(FailoverLedger.Finish.class);
  }

  @Test
  void shouldNotWaitWhenTheNodeAnsweredFailed() {
    IntentState first = inFlight(1, "a", List.of("a"));

    assertThat(ledger.retry(first, answer(first, WorkStatus.FAILED), "HTTP 500", NOW, routesTo(null),
        Optional::empty, () -> true)).isInstanceOf(FailoverLedger.Finish.class);
  }
}
