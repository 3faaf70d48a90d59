package dev.atmosphere.router.topology;

import dev.atmosphere.router.Routed;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;

/**
 * What the router reports, recorded in the registry it is given (the process's Prometheus registry in a deployable,
 * a test's own registry under TopologyTestDriver): {@code atmosphere_routes_total{outcome}},
 * {@code atmosphere_results_total{status,cache}}, {@code atmosphere_cache_lookups_total{result}},
 * {@code atmosphere_dlq_records_total{topic}}, the origin proofs of intents, forged and ignored attempts, prefetch
 * outcomes, and the time to decide one intent as the {@code atmosphere_route_decision_seconds} histogram. The
 * counters dashboards watch are made here at start, so they read zero rather than "no data" before the first event.
 */
public final class RouterMeters {

  private final MeterRegistry registry;
  private final Timer decision;
  private final Counter routed;
  private final Counter noRoute;
  private final Counter deadLetters;
  private final Counter cacheHits;
  private final Counter cacheMisses;
  private final Counter cacheGuardRejections;
  private final Counter forgedAttempts;
  private final Counter ignoredAttempts;

  public RouterMeters(MeterRegistry registry, String dlqTopic) {
    this.registry = registry;
    this.decision = Timer.builder("atmosphere.route.decision").description("time to decide one intent's route")
        .publishPercentileHistogram().register(registry);
    this.routed = registry.counter("atmosphere.routes", "outcome", "routed");
    this.noRoute = registry.counter("atmosphere.routes", "outcome", "no_route");
    this.deadLetters = registry.counter("atmosphere.dlq.records", "topic", dlqTopic);
    this.cacheHits = registry.counter("atmosphere.cache.lookups", "result", "hit");
    this.cacheMisses = registry.counter("atmosphere.cache.lookups", "result", "miss");
    this.cacheGuardRejections = registry.counter("atmosphere.cache.lookups", "result", "guard_rejected");
    this.forgedAttempts = registry.counter("atmosphere.attempts.forged");
    this.ignoredAttempts = registry.counter("atmosphere.attempts.ignored");
    registry.counter("atmosphere.results", "status", "SUCCEEDED", "cache", "miss");
    registry.counter("atmosphere.results", "status", "FAILED", "cache", "miss");
  }

  void decided(long nanos) {
    decision.record(nanos, TimeUnit.NANOSECONDS);
  }

  void emitted(Routed out) {
    if (out.decision() != null) {
      (out.decision().getChosenCapabilityId() != null ? routed : noRoute).increment();
    }
    if (out.result() != null) {
      registry.counter("atmosphere.results", "status", out.result().getStatus().name(), "cache",
          out.result().getCacheHit() ? "hit" : "miss").increment();
    }
  }

  /** A record the router could not read or would not accept, sent to its DLQ. */
  void deadLetter() {
    deadLetters.increment();
  }

  void cacheHit() {
    cacheHits.increment();
  }

  void cacheMiss() {
    cacheMisses.increment();
  }

  void cacheGuardRejections(int n) {
    cacheGuardRejections.increment(n);
  }

  void prefetch(String outcome) {
    registry.counter("atmosphere.prefetch", "outcome", outcome).increment();
  }

  /** An attempt result for work that is superseded, finished, unknown or from another node (e.g. forged). */
  void ignoredAttempt() {
    ignoredAttempts.increment();
  }

  void forgedAttempt() {
    forgedAttempts.increment();
  }

  /**
   * How an intent's origin was proven: {@code signed}, {@code unsigned} or {@code forged}; a plan's is counted as
   * {@code atmosphere_plans_origin_total}.
   */
  void origin(String kind, String proof) {
    registry.counter("atmosphere." + kind + "s.origin", "proof", proof).increment();
  }
}
