package dev.atmosphere.router.topology;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * How far a node's clock runs behind this router's, as its heartbeats show. A node stamps its heartbeat's expiry with
 * its own clock, so one whose clock is a minute slow (a laptop that slept, a WSL 2 guest) looked dead all the time
 * although it beat. The lateness of a heartbeat — its arrival by this router's clock minus its {@code reportedAt} — is
 * the clock offset plus the pipeline's lag, and lag only adds, so the least lateness over the node's last few
 * heartbeats is the offset: a burst of late ones (a verifier catching up after a router process died) does not move it
 * once earlier ones arrived on time.
 */
final class ClockOffsets {

  static final int WINDOW = 8;
  private final Map<String, Deque<Long>> recent = new HashMap<>();

  /** Records a heartbeat's lateness (milliseconds) and returns how far behind the node's clock runs (0 if not). */
  synchronized long behind(String nodeId, long latenessMs) {
    Deque<Long> seen = recent.computeIfAbsent(nodeId, n -> new ArrayDeque<>());
    seen.addLast(latenessMs);
    if (seen.size() > WINDOW) {
      seen.removeFirst();
    }
    return Math.max(0, seen.stream().mapToLong(Long::longValue).min().orElse(0));
  }

  synchronized void forget(String nodeId) {
    recent.remove(nodeId);
  }
}
