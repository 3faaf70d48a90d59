package dev.atmosphere.router.topology;

import dev.atmosphere.router.RoutePlanner;
import dev.atmosphere.router.failover.Outstanding;
import dev.atmosphere.schemas.internal.IntentState;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When the node holding an attempt dies and no other capability qualifies — a one-node mesh killed and restarted,
 * or the only machine with that model rebooting — the intent waits for that node instead of failing at once. Its
 * work unit is still in the node's work topic, uncommitted, so the node runs it again when it comes back and the
 * answer carries the same work id; the wait ends there, at the attempt's timeout, or at the intent's deadline,
 * whichever comes first. When another capability qualifies, the intent fails over as before: waiting is the last
 * resort, not the first.
 */
final class ReturningNode {

  static final String WAITING = "waiting for it to return";
  private static final Logger log = LoggerFactory.getLogger(ReturningNode.class);

  private final RoutePlanner planner;
  private final GradientView view;
  private final Outstanding outstanding;
  private final InFlightStates inFlight;
  private final Duration attemptTimeout;

  ReturningNode(RoutePlanner planner, GradientView view, Outstanding outstanding,
      InFlightStates inFlight, Duration attemptTimeout) {
    this.planner = planner;
    this.attemptTimeout = attemptTimeout;
    this.view = view;
    this.outstanding = outstanding;
    this.inFlight = inFlight;
  }

  /**
   * Whether the overdue attempt in {@code state} is left waiting for its dead node (recorded in the store); false
   * when the node lives, the attempt timed out, the deadline passed, a migration is awaited, or another capability can take the intent.
   */
  boolean awaits(IntentState state, String reason, Instant now) {
    if (!view.dead(state.getNodeId(), now) || view.timedOut(state, attemptTimeout, now) || Terminals.deadlinePassed(state, now) || AutoMigration.waiting(state)) {
      return false;
    }
    var elsewhere = planner.plan(state.getIntent(), view.table(now), now, state.getAttempt() + 1,
        view.exclusions(now, state.getTriedNodes()), outstanding::of);
    if (elsewhere.work() != null) {
      return false;
    }
    if (!waiting(state)) {
      log.info("intent {}: {}; no other capability qualifies ({}), so it waits for the node to come back until the "
          + "attempt times out or the deadline passes", state.getIntent().getIntentId(), reason,
          elsewhere.decision().getReason());
      inFlight.put(state.getIntent().getIntentId(), IntentState.newBuilder(state)
          .setLastError(reason + "; " + WAITING).build());
    }
    return true;
  }

  static boolean waiting(IntentState state) {
    return state.getLastError() != null && state.getLastError().endsWith(WAITING);
  }
}
