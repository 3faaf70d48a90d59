package dev.atmosphere.monitoring;

import static dev.atmosphere.common.config.Key.computed;
import static dev.atmosphere.common.config.Key.duration;
import static dev.atmosphere.common.config.Key.integer;
import static dev.atmosphere.common.config.Key.oneOf;
import static dev.atmosphere.common.config.Key.text;

import dev.atmosphere.common.config.Key;
import java.time.Duration;

/** The keys of the Flink CEP monitoring job: its consumer, checkpoints, and the thresholds of each alert pattern. */
public final class MonitoringKeys {

  public static final Key<String> GROUP_ID = text("monitoring.group.id", "atmosphere-monitoring",
      "Consumer group of the monitoring job.");
  public static final Key<String> START = oneOf("monitoring.start", "Where a job with no checkpoint starts reading.",
      "latest", "earliest");
  public static final Key<String> CHECKPOINT_DIR = computed("monitoring.checkpoint.dir", "<data.dir>/state/monitoring",
      "Checkpoints (partial matches, windows, offsets survive a restart); unset: no checkpoints.");
  public static final Key<Duration> CHECKPOINT_INTERVAL = duration("monitoring.checkpoint.interval",
      Duration.ofSeconds(10), "Time between checkpoints.");
  public static final Key<Duration> FLAPPING_WINDOW = duration("monitoring.flapping.window", Duration.ofMinutes(10),
      "A node that leaves and comes back within this is flapping.");
  public static final Key<Integer> FAILURES = integer("monitoring.failures.count", 5, 2, 100_000,
      "Failed attempts of one node in a row that raise an alert ...");
  public static final Key<Duration> FAILURES_WINDOW = duration("monitoring.failures.window", Duration.ofMinutes(1),
      "... within this.");
  public static final Key<Integer> SLO_P99_MS = integer("monitoring.slo.p99.ms", 30_000, 1, Integer.MAX_VALUE,
      "End-to-end p99 latency objective in ms ...");
  public static final Key<Duration> SLO_WINDOW = duration("monitoring.slo.window", Duration.ofMinutes(1),
      "... over windows of this length ...");
  public static final Key<Integer> SLO_MIN_SAMPLES = integer("monitoring.slo.min.samples", 20, 1, 1_000_000,
      "... with at least this many results.");
  public static final Key<Integer> OVERLOAD_RISES = integer("monitoring.overload.rises", 3, 1, 1000,
      "Rises of a node's load in a row that raise an overload alert ...");
  public static final Key<Duration> OVERLOAD_WINDOW = duration("monitoring.overload.window", Duration.ofMinutes(2),
      "... within this.");
  public static final Key<Integer> NO_ROUTE_COUNT = integer("monitoring.noroute.count", 10, 1, 100_000,
      "NO_ROUTE results that are a storm ...");
  public static final Key<Duration> NO_ROUTE_WINDOW = duration("monitoring.noroute.window", Duration.ofMinutes(1),
      "... within this.");
  public static final Key<Integer> DLQ_COUNT = integer("monitoring.dlq.count", 10, 1, 100_000,
      "Dead letters on one DLQ topic (or signature rejections) that are a spike ...");
  public static final Key<Duration> DLQ_WINDOW = duration("monitoring.dlq.window", Duration.ofMinutes(1),
      "... within this.");
  public static final Key<Duration> OUT_OF_ORDERNESS = duration("monitoring.out.of.orderness", Duration.ofSeconds(5),
      "How late an event may arrive and still count.");

  private MonitoringKeys() {}
}
