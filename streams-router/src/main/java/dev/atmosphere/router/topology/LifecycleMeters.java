package dev.atmosphere.router.topology;

import dev.atmosphere.router.Routed;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Timer;

/**
 * What the lifecycle processor reports to Prometheus: routes by outcome, terminal results by status and cache use,
 * prefetch outcomes, ignored attempts, and the time to decide one intent (embedding and scoring every candidate) as a histogram.
 */
final class LifecycleMeters {

  static final Timer DECISION = Timer.builder("atmosphere.route.decision")
      .description("time to decide one intent's route").publishPercentileHistogram().register(Metrics.globalRegistry);

  private LifecycleMeters() {}

  static void prefetch(String outcome) {
    Metrics.counter("atmosphere.prefetch", "outcome", outcome).increment();
  }

  /** An attempt result for work that is superseded, finished, unknown or from another node (e.g. forged). */
  static void ignoredAttempt() {
    Metrics.counter("atmosphere.attempts.ignored").increment();
  }

  static void emitted(Routed routed) {
    if (routed.decision() != null) {
      Metrics.counter("atmosphere.routes", "outcome", routed.decision().getChosenCapabilityId() != null ? "routed"
          : "no_route").increment();
    }
    if (routed.result() != null) {
      Metrics.counter("atmosphere.results", "status", routed.result().getStatus().name(), "cache",
          routed.result().getCacheHit() ? "hit" : "miss").increment();
    }
  }
}
