package dev.atmosphere.router.topology;

import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.StreamsMetrics;

/**
 * Hit, miss and guard-rejection counts of the semantic cache, as Kafka Streams sensors (with the application's other
 * metrics in JMX) and as Micrometer counters ({@code atmosphere_cache_lookups_total{result}} on /metrics). A guard rejection is a would-be false hit: an
 * entry above the similarity threshold whose numbers, names or negation disagree with the question.
 */
final class CacheMetrics {

  private final Sensor hits;
  private final Sensor misses;
  private final Sensor guardRejections;
  private final RouterMeters meters;

  /** @param entity one per task (sensors of the same name may not be registered twice) */
  CacheMetrics(StreamsMetrics metrics, String entity, RouterMeters meters) {
    this.meters = meters;
    this.hits = sensor(metrics, entity, "cache-hits");
    this.misses = sensor(metrics, entity, "cache-misses");
    this.guardRejections = sensor(metrics, entity, "cache-guard-rejections");
  }

  private static Sensor sensor(StreamsMetrics metrics, String entity, String name) {
    return metrics.addRateTotalSensor("atmosphere-cache", entity, name, Sensor.RecordingLevel.INFO);
  }

  void hit() {
    hits.record();
    meters.cacheHit();
  }

  void miss() {
    misses.record();
    meters.cacheMiss();
  }

  void guardRejections(int n) {
    if (n > 0) {
      guardRejections.record(n);
      meters.cacheGuardRejections(n);
    }
  }
}
