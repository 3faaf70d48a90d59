package dev.atmosphere.router.topology;

import dev.atmosphere.router.Routed;
import dev.atmosphere.router.failover.FailoverPolicy;
import dev.atmosphere.schemas.WorkResult;
import dev.atmosphere.schemas.WorkStatus;
import dev.atmosphere.schemas.internal.IntentState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.IntFunction;
import java.util.function.Supplier;

/**
 * The failover rules as a pure function: from an intent's in-flight state, what just happened to it and the time, the
 * next {@link Step} — finish with a terminal result, dispatch another attempt, keep waiting, or ignore a stray
 * attempt. It reads no store, clock or topic: routing the next attempt and a migration's fate come in as functions,
 * so every rule is testable with plain values ({@code FailoverLedgerTest}); the lifecycle processor applies the step
 * (stores, forwards, counts the node's outstanding work and tells the breaker).
 */
final class FailoverLedger {

  /** What to do next with an intent in flight. */
  sealed interface Step permits Finish, Dispatch, Keep, Ignore {}

  /** End the intent with {@code terminal}; {@code noRoute} (may be null) is published first, saying why. */
  record Finish(IntentState state, WorkResult terminal, Routed noRoute) implements Step {}

  /** Send the next attempt ({@code routed}, away from node {@code from}) and keep {@code next} in flight. */
  record Dispatch(IntentState next, Routed routed, String from, String reason) implements Step {}

  /** Keep waiting in {@code next}: nothing is dispatched. */
  record Keep(IntentState next) implements Step {}

  /** An attempt of superseded, finished, unknown or another node's work. */
  record Ignore() implements Step {}

  private final FailoverPolicy policy;

  FailoverLedger(FailoverPolicy policy) {
    this.policy = policy;
  }

  /**
   * An attempt came back. It counts only when it answers the attempt in flight (its work id and node) and carries
   * the node's signature — or, for work sent to another site, when {@code remote} says so (the link's refusal).
   */
  Step attempt(IntentState state, WorkResult result, BooleanSupplier remote, Instant now, IntFunction<Routed> plan,
      Supplier<Optional<String>> migrationFailure) {
    if (state == null || !state.getWorkId().equals(result.getWorkId()) || result.getNodeId() == null
        || !result.getNodeId().equals(state.getNodeId()) || result.getSignature() == null && !remote.getAsBoolean()) {
      return new Ignore();
    }
    if (result.getStatus() == WorkStatus.SUCCEEDED) {
      return new Finish(state, result, null);
    }
    if (result.getStatus() == WorkStatus.REJECTED) { // a full queue: wait and route again ({@link Backpressure})
      return Backpressure.exhausted(state, now) ? new Finish(state, result, null)
          : new Keep(Backpressure.waiting(state, result, now));
    }
    return retry(state, result, result.getError(), now, plan, migrationFailure);
  }

  /**
   * The attempt in flight is over without an answer ({@code last}, or null with {@code reason}): the next attempt on
   * a node not tried yet, within the retry budget and the deadline; else the terminal result.
   */
  Step retry(IntentState state, WorkResult last, String reason, Instant now, IntFunction<Routed> plan,
      Supplier<Optional<String>> migrationFailure) {
    return retry(state, last, reason, now, plan, migrationFailure, () -> false);
  }

  /**
   * As above; when no node answered ({@code last} null: a timeout or a death) and nothing qualifies now, but
   * {@code othersSilent} says a node not tried yet has only gone quiet — its heartbeats stopped, as they do for a
   * while when a broker or the registry is down — the intent waits for it in growing pauses (those of
   * {@link Backpressure}, within their count and the deadline) instead of failing at once. A node that answered
   * FAILED ends the intent as before: waiting would only delay the answer.
   */
  Step retry(IntentState state, WorkResult last, String reason, Instant now, IntFunction<Routed> plan,
      Supplier<Optional<String>> migrationFailure, BooleanSupplier othersSilent) {
    if (state.getAttempt() >= policy.maxAttempts() + state.getBusyRetries() || Terminals.deadlinePassed(state, now)) {
      return new Finish(state, last != null ? last : Terminals.failed(state, reason,
          Terminals.deadlinePassed(state, now) ? "TIMEOUT" : "GAVE_UP", now), null);
    }
    int attempt = state.getAttempt() + 1;
    Routed routed = plan.apply(attempt);
    if (routed.work() == null && AutoMigration.waiting(state)) {
      Optional<String> failed = migrationFailure.get();
      return failed.isPresent() ? new Finish(state, Terminals.failed(state, failed.get(), "MIGRATION_FAILED", now), null)
          : new Keep(AutoMigration.again(state, now)); // until the model is there
    }
    if (routed.work() == null && last == null && !Backpressure.exhausted(state, now) && othersSilent.getAsBoolean()) {
      return new Keep(Backpressure.waitingForSilentNodes(state, reason, now));
    }
    if (routed.work() == null) {
      return new Finish(state, last != null ? last : Terminals.failed(state, reason + "; no other capability qualified: "
          + routed.decision().getReason(), "NO_FAILOVER", now), new Routed(routed.decision(), null, null));
    }
    if (routed.work().getStream()) { // the next node continues what the earlier ones streamed
      routed = new Routed(routed.decision(), dev.atmosphere.schemas.WorkUnit.newBuilder(routed.work())
          .setEarlierNodes(state.getTriedNodes()).build(), routed.result());
    }
    List<String> tried = new ArrayList<>(state.getTriedNodes());
    tried.add(routed.work().getNodeId());
    return new Dispatch(IntentState.newBuilder(state).setAttempt(attempt).setWorkId(routed.work().getWorkId())
        .setNodeId(routed.work().getNodeId()).setCapabilityId(routed.work().getCapabilityId()).setDispatchedAt(now)
        .setTriedNodes(tried).setLastError(reason).build(), routed, state.getNodeId(), reason);
  }
}
