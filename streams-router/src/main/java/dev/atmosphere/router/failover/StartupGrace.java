package dev.atmosphere.router.failover;

import dev.atmosphere.schemas.NodeStatus;
import java.time.Duration;
import java.time.Instant;

/**
 * Right after a (re)start the router's verified heartbeats lag: nobody verified them while it was down. Within the
 * grace, a heartbeat that expired shortly before the router came up (or in the first moments after, while the
 * verifier catches up on its backlog) says nothing about the node, which counts as alive until the grace ends; if it
 * really died, its work fails over then. A heartbeat the router watched expire still means the node is gone.
 *
 * @param startedAt when this router instance started processing
 * @param grace how long stale heartbeats are given the benefit of the doubt ({@code router.startup.grace})
 */
public record StartupGrace(Instant startedAt, Duration grace) {

  /** How long the verifier may take to catch up on heartbeats that queued while the router was down. */
  static final Duration CATCH_UP = Duration.ofSeconds(2);

  public boolean expiredWhileDown(NodeStatus status, Instant now) {
    return now.isBefore(startedAt.plus(grace)) && !status.getExpiresAt().isBefore(startedAt.minus(grace))
        && status.getExpiresAt().isBefore(startedAt.plus(CATCH_UP));
  }

  /** Whether the grace still runs: until it ends {@link #view} may differ from the status itself. */
  public boolean active(Instant now) {
    return now.isBefore(startedAt.plus(grace));
  }

  /** The status as routing should see it: alive until the grace ends if it only looks expired because of downtime. */
  public NodeStatus view(NodeStatus status, Instant now) {
    if (status == null || status.getExpiresAt().isAfter(now) || !expiredWhileDown(status, now)) {
      return status;
    }
    return NodeStatus.newBuilder(status).setExpiresAt(startedAt.plus(grace)).build();
  }
}
