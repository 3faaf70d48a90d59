package dev.atmosphere.router;

import io.micrometer.core.instrument.Metrics;

/**
 * The router's counters, registered at start so dashboards show zero rather than "no data" before the first event.
 * They are incremented where things happen: {@code atmosphere_routes_total{outcome}},
 * {@code atmosphere_results_total{status,cache}}, {@code atmosphere_cache_lookups_total{result}},
 * {@code atmosphere_dlq_records_total{topic}}, and the {@code atmosphere_route_decision_seconds} histogram.
 */
final class RouterMeters {

  private RouterMeters() {}

  static void register(String dlqTopic) {
    for (String outcome : new String[] {"routed", "no_route"}) {
      Metrics.counter("atmosphere.routes", "outcome", outcome);
    }
    for (String result : new String[] {"hit", "miss", "guard_rejected"}) {
      Metrics.counter("atmosphere.cache.lookups", "result", result);
    }
    Metrics.counter("atmosphere.results", "status", "SUCCEEDED", "cache", "miss");
    Metrics.counter("atmosphere.results", "status", "FAILED", "cache", "miss");
    Metrics.counter("atmosphere.dlq.records", "topic", dlqTopic);
  }
}
