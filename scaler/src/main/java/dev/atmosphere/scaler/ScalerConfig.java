package dev.atmosphere.scaler;

import dev.atmosphere.common.config.Settings;
import dev.atmosphere.common.config.TopicsConfig;
import dev.atmosphere.common.kafka.KafkaConnection;
import dev.atmosphere.schemas.topics.Topics;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Configuration of the scaler's first slice: window size and grace over heartbeat time, and the utilisation
 * thresholds that turn a window into SCALE_UP / SCALE_DOWN / HOLD.
 */
public record ScalerConfig(
    KafkaConnection connection,
    Topics topics,
    String applicationId,
    Duration window,
    Duration grace,
    double upThreshold,
    double downThreshold,
    int queueDepthUp,
    Path stateDir,
    dev.atmosphere.scaler.policy.ScalingPolicies policies,
    boolean dryRun) {

  /** {@code scaler.policies.file} (the design's scaling.yaml), else one default policy per type without backends. */
  private static dev.atmosphere.scaler.policy.ScalingPolicies policies(Settings s) {
    java.util.Optional<String> file = s.optional("scaler.policies.file");
    if (file.isPresent()) {
      try {
        return dev.atmosphere.scaler.policy.ScalingPolicies.load(Path.of(file.get()));
      } catch (IllegalArgumentException e) {
        s.reject("scaler.policies.file", e.getMessage());
        return dev.atmosphere.scaler.policy.ScalingPolicies.of(java.util.List.of());
      }
    }
    double up = s.doubleIn("scaler.up.threshold", 0.8, 0, 1);
    double down = s.doubleIn("scaler.down.threshold", 0.2, 0, 1);
    return dev.atmosphere.scaler.policy.ScalingPolicies.of(java.util.Arrays.stream(
            dev.atmosphere.schemas.CapabilityType.values())
        .map(t -> new dev.atmosphere.scaler.policy.ScalingPolicy(t, 1, 10, up, Math.min(down, up / 2),
            Duration.ofMinutes(5), java.util.List.of())).toList());
  }

  public static ScalerConfig from(Settings s) {
    ScalerConfig config = new ScalerConfig(
        KafkaConnection.from(s),
        TopicsConfig.from(s),
        s.string("scaler.application.id", "atmosphere-scaler"),
        s.duration("scaler.window", Duration.ofMinutes(1)),
        s.duration("scaler.grace", Duration.ofSeconds(10)),
        s.doubleIn("scaler.up.threshold", 0.8, 0, 1),
        s.doubleIn("scaler.down.threshold", 0.2, 0, 1),
        s.intIn("scaler.queue.depth.up", 4, 1, 1_000_000),
        Path.of(s.string("scaler.state.dir", ".atmosphere/state/scaler")),
        policies(s),
        s.bool("scaler.dry.run", false));
    if (config.downThreshold() >= config.upThreshold()) {
      s.reject("scaler.down.threshold", "must be below scaler.up.threshold (" + config.upThreshold() + ")");
    }
    s.validate();
    return config;
  }
}
