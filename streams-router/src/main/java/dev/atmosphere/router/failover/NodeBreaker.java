package dev.atmosphere.router.failover;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Ejects a node that keeps failing: after {@code threshold} failures in a row it gets no work for {@code coolDown};
 * then it is eligible for one probe (half-open). Asking is free ({@link #ejected} changes nothing); only work
 * actually {@link #dispatched} to an eligible node makes it the probe, so an intent that goes elsewhere never leaves
 * the node stuck half-open. Success readmits it, failure ejects it again. Time is passed in.
 */
public final class NodeBreaker {

  private record State(int failures, Instant ejectedUntil, boolean probing) {}

  private final int threshold;
  private final Duration coolDown;
  private final Map<String, State> states = new ConcurrentHashMap<>();

  public NodeBreaker(int threshold, Duration coolDown) {
    this.threshold = threshold;
    this.coolDown = coolDown;
  }

  public void success(String nodeId) {
    states.remove(nodeId);
  }

  public void failure(String nodeId, Instant now) {
    states.compute(nodeId, (id, s) -> {
      int failures = s == null ? 1 : s.failures() + 1;
      boolean eject = failures >= threshold || (s != null && s.probing());
      return new State(failures, eject ? now.plus(coolDown) : null, false);
    });
  }

  /** Why the node gets no new work now, or empty; a node past its cool-down is eligible for exactly one probe. */
  public Optional<String> ejected(String nodeId, Instant now) {
    State s = states.get(nodeId);
    if (s == null || s.ejectedUntil() == null) {
      return Optional.empty();
    }
    if (now.isBefore(s.ejectedUntil())) {
      return Optional.of("ejected after " + s.failures() + " failures until " + s.ejectedUntil());
    }
    if (s.probing()) {
      return Optional.of("half-open: a probe is already in flight");
    }
    return Optional.empty();
  }

  /** Work was sent to the node: if it was eligible for a probe, this is the probe (no other work until it ends). */
  public void dispatched(String nodeId, Instant now) {
    states.computeIfPresent(nodeId, (id, s) -> s.ejectedUntil() != null && !now.isBefore(s.ejectedUntil())
        ? new State(s.failures(), s.ejectedUntil(), true) : s);
  }
}
