package dev.atmosphere.gateway;

import dev.atmosphere.schemas.ResultChunk;
import dev.atmosphere.schemas.RouteDecision;
import dev.atmosphere.schemas.WorkResult;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** What arrived for one intent, queued in arrival order for the HTTP thread that waits on it. */
final class PendingReply implements ReplyListener {

  private final BlockingQueue<Object> events = new LinkedBlockingQueue<>();
  private volatile RouteDecision route;

  @Override
  public void onRoute(RouteDecision route) {
    this.route = route;
  }

  @Override
  public void onChunk(ResultChunk chunk) {
    events.add(chunk);
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
