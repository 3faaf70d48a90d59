package dev.atmosphere.gateway;

import dev.atmosphere.client.AttemptStitcher;
import dev.atmosphere.client.ReplyListener;
import dev.atmosphere.schemas.ResultChunk;
import dev.atmosphere.schemas.RouteDecision;
import dev.atmosphere.schemas.WorkResult;
import io.micrometer.core.instrument.Counter;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * What arrived for one intent, queued in arrival order for the HTTP thread that waits on it. A streamed piece is
 * passed on only when it comes from the node its attempt was routed to (the router's route decision for that attempt;
 * its signature was checked on arrival by the client's MeshTap); a piece that arrives before its route waits for it.
 * The answer is the routed node's successful attempt when it arrives first, else the router's terminal result.
 */
final class PendingReply implements ReplyListener {

  private static final int MAX_HELD = 1_000;

  private final BlockingQueue<Object> events = new LinkedBlockingQueue<>();
  private final java.util.Map<Integer, String> routedNode = new java.util.HashMap<>();
  private final java.util.List<ResultChunk> held = new java.util.ArrayList<>();
  private volatile RouteDecision route;
  private WorkResult heldAttempt; // arrived before its route
  private boolean answered;
  private final Counter notRouted;

  /** @param notRouted counts pieces refused because they come from a node the attempt was not routed to */
  PendingReply(Counter notRouted) {
    this.notRouted = notRouted;
  }

  @Override
  public synchronized void onRoute(RouteDecision route) {
    // read twice, as the router writes it and once committed; the first route of an attempt to a node stays its
    // route: were the router's transaction to abort, the node it named still runs the work (executors read it
    // uncommitted) and its pieces and answer stay one answer, while the router's re-route ends the intent in its
    // terminal result. A route to no node (an intent parked while its model migrates) is replaced when it is routed.
    String node = route.getChosenNodeId() == null ? "" : route.getChosenNodeId();
    String first = routedNode.get(route.getAttempt());
    if (first != null && !first.isEmpty()) {
      return;
    }
    routedNode.put(route.getAttempt(), node);
    if (this.route == null || route.getAttempt() >= this.route.getAttempt()) {
      this.route = route;
    }
    java.util.List<ResultChunk> waiting = new java.util.ArrayList<>(held);
    held.clear();
    waiting.forEach(this::onChunk);
    if (heldAttempt != null) {
      WorkResult attempt = heldAttempt;
      heldAttempt = null;
      onAttempt(attempt);
    }
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
      notRouted.increment();
    }
  }

  /**
   * Answers from a successful attempt (its signature checked by the client's tap) when it is the routed node's answer
   * to the attempt in flight — the latest route read — without waiting for the router's hop; the router's terminal
   * result, which follows, is then not passed on again. An attempt whose route is still on the way waits for it.
   */
  @Override
  public synchronized void onAttempt(WorkResult attempt) {
    int n = AttemptStitcher.attemptOf(attempt.getWorkId());
    String node = routedNode.get(n);
    if (answered) {
      return;
    } else if (node == null) {
      heldAttempt = attempt;
    } else if (route.getAttempt() == n && node.equals(attempt.getNodeId())
        && route.getIntentId().equals(attempt.getIntentId())) {
      answered = true;
      java.util.List<String> tried = new java.util.ArrayList<>();
      for (int a = 1; a <= n; a++) {
        String earlier = routedNode.get(a);
        if (earlier != null && !earlier.isEmpty()) {
          tried.add(earlier);
        }
      }
      events.add(WorkResult.newBuilder(attempt).setSignature(null).setPublicKey(null).setAttempts(n)
          .setTriedNodes(tried).build()); // as the router's terminal result will read
    }
  }

  @Override
  public synchronized void onResult(WorkResult result) {
    if (!answered) {
      answered = true;
      events.add(result);
    }
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
