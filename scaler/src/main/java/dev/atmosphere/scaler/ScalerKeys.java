package dev.atmosphere.scaler;

import static dev.atmosphere.common.config.Key.computed;
import static dev.atmosphere.common.config.Key.duration;
import static dev.atmosphere.common.config.Key.flag;
import static dev.atmosphere.common.config.Key.integer;
import static dev.atmosphere.common.config.Key.number;
import static dev.atmosphere.common.config.Key.text;

import dev.atmosphere.common.config.Key;
import java.time.Duration;

/** The keys of the scaler: its Streams app, the load windows it judges, and the policies it applies. */
public final class ScalerKeys {

  public static final Key<String> APPLICATION_ID = text("scaler.application.id", "atmosphere-scaler",
      "Kafka Streams application id of the scaler (its group and internal topics).");
  public static final Key<Duration> WINDOW = duration("scaler.window", Duration.ofMinutes(1),
      "Load is judged per window of this length ...");
  public static final Key<Duration> GRACE = duration("scaler.grace", Duration.ofSeconds(10),
      "... closed this long after its end (late heartbeats still count).");
  public static final Key<Double> UP = number("scaler.up.threshold", 0.8, 0, 1,
      "Mean utilisation of a type above which it scales up (without a policies file).");
  public static final Key<Double> DOWN = number("scaler.down.threshold", 0.2, 0, 1,
      "Mean utilisation below which it scales down (below scaler.up.threshold).");
  public static final Key<Integer> QUEUE_DEPTH_UP = integer("scaler.queue.depth.up", 4, 1, 1_000_000,
      "Queued units per node that scale up whatever the utilisation.");
  public static final Key<String> STATE_DIR = computed("scaler.state.dir", "<data.dir>/state/scaler",
      "The scaler's state stores.");
  public static final Key<String> POLICIES_FILE = text("scaler.policies.file", null,
      "The design's scaling.yaml: per-type policies and their backends (Kubernetes, Wake-on-LAN).");
  public static final Key<Boolean> DRY_RUN = flag("scaler.dry.run", false,
      "Decide and publish commands, but mark them so no actuator acts.");

  private ScalerKeys() {}
}
