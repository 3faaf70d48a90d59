package dev.atmosphere.router.failover;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** The router's own count of work units it sent to each node that have not finished: load it sees before heartbeats. */
public final class Outstanding {

  private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();

  public void sent(String nodeId) {
    counts.computeIfAbsent(nodeId, n -> new AtomicInteger()).incrementAndGet();
  }

  public void finished(String nodeId) {
    counts.computeIfAbsent(nodeId, n -> new AtomicInteger()).updateAndGet(c -> Math.max(0, c - 1));
  }

  public int of(String nodeId) {
    AtomicInteger c = counts.get(nodeId);
    return c == null ? 0 : c.get();
  }
}
