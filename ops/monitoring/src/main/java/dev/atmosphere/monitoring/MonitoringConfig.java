package dev.atmosphere.monitoring;

import dev.atmosphere.common.config.Settings;
import java.io.Serializable;
import java.time.Duration;

/**
 * Parameters of every pattern, from {@code monitoring.*} keys (file or {@code ATMOSPHERE_MONITORING_*}). Serializable
 * because Flink ships the pattern conditions that read it to its task managers.
 *
 * @param flappingWindow dead → alive → dead within this is flapping
 * @param failureCount failures on one node (or capability) ...
 * @param failureWindow ... within this are a burst
 * @param sloP99Ms target p99 from intent creation to result
 * @param sloWindow window the p99 is computed over
 * @param sloMinSamples fewer results than this in a window say nothing
 * @param overloadRises consecutive heartbeats each with a deeper queue than the last
 * @param overloadWindow ... within this are an overload build-up
 * @param noRouteCount NO_ROUTE results ...
 * @param noRouteWindow ... within this are a storm
 * @param dlqCount dead letters on one DLQ topic (or signature rejections) ...
 * @param dlqWindow ... within this are a spike
 * @param outOfOrderness how late an event may arrive and still count
 */
public record MonitoringConfig(Duration flappingWindow, int failureCount, Duration failureWindow, long sloP99Ms,
    Duration sloWindow, int sloMinSamples, int overloadRises, Duration overloadWindow, int noRouteCount,
    Duration noRouteWindow, int dlqCount, Duration dlqWindow, Duration outOfOrderness) implements Serializable {

  public static MonitoringConfig from(Settings s) {
    MonitoringConfig c = new MonitoringConfig(
        s.get(MonitoringKeys.FLAPPING_WINDOW),
        s.get(MonitoringKeys.FAILURES),
        s.get(MonitoringKeys.FAILURES_WINDOW),
        s.get(MonitoringKeys.SLO_P99_MS),
        s.get(MonitoringKeys.SLO_WINDOW),
        s.get(MonitoringKeys.SLO_MIN_SAMPLES),
        s.get(MonitoringKeys.OVERLOAD_RISES),
        s.get(MonitoringKeys.OVERLOAD_WINDOW),
        s.get(MonitoringKeys.NO_ROUTE_COUNT),
        s.get(MonitoringKeys.NO_ROUTE_WINDOW),
        s.get(MonitoringKeys.DLQ_COUNT),
        s.get(MonitoringKeys.DLQ_WINDOW),
        s.get(MonitoringKeys.OUT_OF_ORDERNESS));
    s.validate();
    return c;
  }
}
