package dev.atmosphere.router.topology;

import dev.atmosphere.router.RoutePlanner;
import dev.atmosphere.router.Routed;
import dev.atmosphere.router.failover.Outstanding;
import dev.atmosphere.schemas.Intent;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * A predicted follow-up: low priority, so it runs only when its answer is not cached yet and the chosen node is idle
 * (nothing outstanding, nothing in flight or queued); otherwise it is dropped without a trace on the results.
 */
final class Prefetch {

  private Prefetch() {}

  /** Sends the prefetch when it is worth it; returns the outcome for the meter (cached, no_route_or_busy, sent). */
  static String run(Intent intent, Instant now, CacheStep caching, RoutePlanner planner, GradientView view,
      Outstanding outstanding, Consumer<Routed> send) {
    if (caching.needless(intent, now)) {
      return "cached";
    }
    Routed routed = planner.plan(intent, view.table(now), now, 1, view.idleOnly(now), outstanding::of);
    if (routed.work() == null) {
      return "no_route_or_busy";
    }
    send.accept(routed);
    return "sent";
  }
}
