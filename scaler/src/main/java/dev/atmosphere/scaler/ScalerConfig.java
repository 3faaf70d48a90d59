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
    Path stateDir) {

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
        Path.of(s.string("scaler.state.dir", ".atmosphere/state/scaler")));
    if (config.downThreshold() >= config.upThreshold()) {
      s.reject("scaler.down.threshold", "must be below scaler.up.threshold (" + config.upThreshold() + ")");
    }
    s.validate();
    return config;
  }
}
