package dev.atmosphere.gateway;

import dev.atmosphere.client.AttemptStitcher;
import dev.atmosphere.client.ReplyListener;
import dev.atmosphere.schemas.ResultChunk;
import dev.atmosphere.schemas.RouteDecision;
import dev.atmosphere.schemas.WorkResult;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * What arrived for one intent, queued in arrival order for the HTTP thread that waits on it. A streamed piece is
 * passed on only when it comes from the node its attempt was routed to (the router's route decision for that attempt;
 * its signature was checked on arrival by the client's MeshTap); a piece that arrives before its route waits for it.
 */
final class PendingReply implements ReplyListener {

  private static final int MAX_HELD = 1_000;

  private final BlockingQueue<Object> events = new LinkedBlockingQueue<>();
  private final java.util.Map<Integer, String> routedNode = new java.util.HashMap<>();
  private final java.util.List<ResultChunk> held = new java.util.ArrayList<>();
  private volatile RouteDecision route;

  @Override
  public synchronized void onRoute(RouteDecision route) {
    this.route = route;
    routedNode.put(route.getAttempt(), route.getChosenNodeId() == null ? "" : route.getChosenNodeId());
    java.util.List<ResultChunk> waiting = new java.util.ArrayList<>(held);
    held.clear();
    waiting.forEach(this::onChunk);
  }

  @Override
  public synchronized void onChunk(ResultChunk chunk) {
    String node = routedNode.get(AttemptStitcher.attemptOf(chunk.getWorkId()));
    if (node == null) {
      if (held.size() < MAX_HELD) { // its route is still on the way (a flood of pieces for attempts never routed
        held.add(chunk);           // is cut off: they could never be streamed anyway)
      }
    } else if (node.equals(chunk.getNodeId())) {
      events.add(chunk);
    } else {
      io.micrometer.core.instrument.Metrics.counter("atmosphere.chunks.refused", "why", "not the routed node")
          .increment();
    }
  }

  @Override
  public void onResult(WorkResult result) {
    events.add(result);
  }

  RouteDecision route() {
    return route;
  }

  /** The next chunk or result, or null when {@code wait} passed first. */
  Object next(Duration wait) throws InterruptedException {
    return events.poll(Math.max(0, wait.toMillis()), TimeUnit.MILLISECONDS);
  }

  /** Waits for the result, skipping chunks; null on timeout. */
  WorkResult result(Duration wait) throws InterruptedException {
    long deadline = System.nanoTime() + wait.toNanos();
    while (true) {
      Object next = next(Duration.ofNanos(deadline - System.nanoTime()));
      if (next == null || next instanceof WorkResult) {
        return (WorkResult) next;
      }
    }
  }
}
