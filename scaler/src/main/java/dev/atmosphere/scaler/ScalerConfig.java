package dev.atmosphere.scaler;

import dev.atmosphere.common.config.Settings;
import dev.atmosphere.common.config.TopicsConfig;
import dev.atmosphere.common.kafka.KafkaConnection;
import dev.atmosphere.schemas.topics.Topics;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Configuration of the scaler: window size and grace over heartbeat time, and one policy per capability type (from
 * {@code scaler.policies.file}, else made from {@code scaler.up.threshold} and {@code scaler.down.threshold}) whose
 * thresholds both recommend and decide.
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
    java.util.Optional<String> file = s.optional(ScalerKeys.POLICIES_FILE);
    if (file.isPresent()) {
      try {
        return dev.atmosphere.scaler.policy.ScalingPolicies.load(Path.of(file.get()));
      } catch (IllegalArgumentException e) {
        s.reject(ScalerKeys.POLICIES_FILE.name(), e.getMessage());
        return dev.atmosphere.scaler.policy.ScalingPolicies.of(java.util.List.of());
      }
    }
    double up = s.get(ScalerKeys.UP);
    double down = s.get(ScalerKeys.DOWN);
    return dev.atmosphere.scaler.policy.ScalingPolicies.of(java.util.Arrays.stream(
            dev.atmosphere.schemas.CapabilityType.values()).map(t -> fallback(t, up, down)).toList());
  }

  /** A type without an entry in the policies file: 1-10 replicas, the configured thresholds, no backends. */
  private static dev.atmosphere.scaler.policy.ScalingPolicy fallback(dev.atmosphere.schemas.CapabilityType type,
      double up, double down) {
    return new dev.atmosphere.scaler.policy.ScalingPolicy(type, 1, 10, up, Math.min(down, up / 2),
        Duration.ofMinutes(5), java.util.List.of());
  }

  /** The policy of {@code type}: its entry in the policies file, else one from the configured thresholds. */
  public dev.atmosphere.scaler.policy.ScalingPolicy policy(dev.atmosphere.schemas.CapabilityType type) {
    return policies.forType(type).orElseGet(() -> fallback(type, upThreshold, downThreshold));
  }

  public static ScalerConfig from(Settings s) {
    ScalerConfig config = new ScalerConfig(
        KafkaConnection.from(s),
        TopicsConfig.from(s),
        s.get(ScalerKeys.APPLICATION_ID),
        s.get(ScalerKeys.WINDOW),
        s.get(ScalerKeys.GRACE),
        s.get(ScalerKeys.UP),
        s.get(ScalerKeys.DOWN),
        s.get(ScalerKeys.QUEUE_DEPTH_UP),
        Path.of(s.get(ScalerKeys.STATE_DIR, ".atmosphere/state/scaler")),
        policies(s),
        s.get(ScalerKeys.DRY_RUN));
    if (config.downThreshold() >= config.upThreshold()) {
      s.reject(ScalerKeys.DOWN.name(), "must be below scaler.up.threshold (" + config.upThreshold() + ")");
    }
    s.validate();
    return config;
  }
}
