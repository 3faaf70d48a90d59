package dev.atmosphere.router.topology;

import dev.atmosphere.schemas.Timings;
import dev.atmosphere.schemas.WorkResult;
import dev.atmosphere.schemas.WorkStatus;
import dev.atmosphere.schemas.internal.IntentState;
import java.time.Instant;

/** The router's own terminal results for an intent it gives up on, and the deadline rule they follow. */
final class Terminals {

  private Terminals() {}

  static WorkResult failed(IntentState state, String reason, String kind, Instant now) {
    return WorkResult.newBuilder()
        .setIntentId(state.getIntent().getIntentId()).setWorkId(state.getWorkId()).setStatus(WorkStatus.FAILED)
        .setError(reason).setErrorKind(kind).setNodeId(state.getNodeId()).setCapabilityId(state.getCapabilityId())
        .setTimings(Timings.newBuilder().setIntentCreatedAt(state.getIntent().getCreatedAt())
            .setRoutedAt(state.getDispatchedAt()).setFinishedAt(now).build())
        .build();
  }

  static boolean deadlinePassed(IntentState state, Instant now) {
    Instant deadline = state.getIntent().getDeadlineAt();
    return deadline != null && !now.isBefore(deadline);
  }

  /** A node's attempt as the start of the router's terminal result: no longer the node's record, so unsigned. */
  static WorkResult.Builder rewritten(WorkResult attempt) {
    return WorkResult.newBuilder(attempt).setSignature(null).setPublicKey(null);
  }
}
