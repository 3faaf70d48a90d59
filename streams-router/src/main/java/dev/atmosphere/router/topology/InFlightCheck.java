package dev.atmosphere.router.topology;

import dev.atmosphere.schemas.internal.IntentState;
import java.time.Duration;
import java.time.Instant;
import java.util.function.BiConsumer;

/**
 * The periodic look at every intent in flight: one waiting (backpressure, a model on its way) whose time has come is
 * routed again; one whose attempt timed out, whose node died (unless it {@link ReturningNode waits for the node}), or
 * whose deadline passed is given up on its node.
 */
final class InFlightCheck {

  private InFlightCheck() {}

  /**
   * @param routeAgain called with the state (no longer waiting) and the reason to route it again
   * @param overdue called with an overdue attempt's state and why it is overdue
   */
  static void run(InFlightStates inFlight, GradientView view, ReturningNode returning,
      Duration attemptTimeout, Instant now, BiConsumer<IntentState, String> routeAgain, BiConsumer<IntentState, String> overdue) {
    for (IntentState state : inFlight.all()) {
      if (state.getRetryAt() != null) { // waiting: nothing is outstanding anywhere
        if (!now.isBefore(state.getRetryAt())) {
          routeAgain.accept(IntentState.newBuilder(state).setRetryAt(null).build(), state.getLastError());
        }
        continue;
      }
      String reason = view.overdue(state, attemptTimeout, now);
      if (reason != null && !returning.awaits(state, reason, now)) {
        overdue.accept(state, reason);
      }
    }
  }
}
