package dev.atmosphere.router.topology;

import dev.atmosphere.schemas.WorkResult;
import dev.atmosphere.schemas.internal.IntentState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A full queue is backpressure, not a failure: a node that answers REJECTED is not blamed and stays eligible, and the
 * intent waits a growing pause (0.2, 0.4 … 2 s) before it is routed again — to whichever node then has room — until
 * it runs, its deadline passes, or {@value #MAX_BUSY_RETRIES} pauses have gone by.
 */
final class Backpressure {

  static final int MAX_BUSY_RETRIES = 20;

  private Backpressure() {}

  /** Whether the intent has waited long enough: then the rejection is its terminal result. */
  static boolean exhausted(IntentState state, Instant now) {
    return state.getBusyRetries() >= MAX_BUSY_RETRIES || Terminals.deadlinePassed(state, now);
  }

  /** The intent waiting out the rejection: nothing outstanding, the busy node not counted as tried. */
  static IntentState waiting(IntentState state, WorkResult rejected, Instant now) {
    List<String> tried = new ArrayList<>(state.getTriedNodes());
    tried.remove(state.getNodeId());
    long pause = Math.min(2000, 200L << Math.min(state.getBusyRetries(), 4));
    return IntentState.newBuilder(state).setWorkId("").setTriedNodes(tried).setRetryAt(now.plusMillis(pause))
        .setBusyRetries(state.getBusyRetries() + 1).setLastError(rejected.getError()).build();
  }
}
