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
 * once earlier ones arrived on time. Right after a restart no on-time heartbeat has been seen, and a backlog read in
 * one burst looks like a slow clock; so an offset beyond the caller's cap is believed only once a full window of
 * heartbeats has arrived over at least {@link #SETTLED_SPAN_MS} — at the node's own pace, which a backlog does not keep.
 */
final class ClockOffsets {

  static final int WINDOW = 8;
  /** How long a full window's arrivals must span before an offset beyond the cap is believed. */
  static final long SETTLED_SPAN_MS = 30_000;

  private record Sample(long arrivalMs, long latenessMs) {}

  private final Map<String, Deque<Sample>> recent = new HashMap<>();

  /**
   * Records a heartbeat that arrived at {@code arrivalMs} {@code latenessMs} after it was reported, and returns how
   * far behind the node's clock runs (0 if not): at most {@code capMs} until the window is settled.
   */
  synchronized long behind(String nodeId, long arrivalMs, long latenessMs, long capMs) {
    Deque<Sample> seen = recent.computeIfAbsent(nodeId, n -> new ArrayDeque<>());
    seen.addLast(new Sample(arrivalMs, latenessMs));
    if (seen.size() > WINDOW) {
      seen.removeFirst();
    }
    long offset = Math.max(0, seen.stream().mapToLong(Sample::latenessMs).min().orElse(0));
    boolean settled = seen.size() == WINDOW && seen.getLast().arrivalMs() - seen.getFirst().arrivalMs() >= SETTLED_SPAN_MS;
    return settled ? offset : Math.min(offset, capMs);
  }

  synchronized void forget(String nodeId) {
    recent.remove(nodeId);
  }
}
