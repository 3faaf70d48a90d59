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
    return IntentState.newBuilder(state).setWorkId("").setTriedNodes(tried).setRetryAt(now.plusMillis(pause(state)))
        .setBusyRetries(state.getBusyRetries() + 1).setLastError(rejected.getError()).build();
  }

  /** Says why the intent waits while its nodes are silent ({@link FailoverLedger#retry}). */
  static final String SILENT = "; no node qualifies now, waiting for the silent ones";

  /** The intent waiting for a silent node: nothing outstanding, the node that did not answer still counted as tried. */
  static IntentState waitingForSilentNodes(IntentState state, String reason, Instant now) {
    String why = reason == null ? SILENT.substring(2) : reason.endsWith(SILENT) ? reason : reason + SILENT;
    return IntentState.newBuilder(state).setWorkId("").setRetryAt(now.plusMillis(pause(state)))
        .setBusyRetries(state.getBusyRetries() + 1).setLastError(why).build();
  }

  private static long pause(IntentState state) {
    return Math.min(2000, 200L << Math.min(state.getBusyRetries(), 4));
  }
}
