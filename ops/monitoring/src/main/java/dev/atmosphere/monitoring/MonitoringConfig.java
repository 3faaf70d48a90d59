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
        s.duration("monitoring.flapping.window", Duration.ofMinutes(10)),
        s.intIn("monitoring.failures.count", 5, 2, 100_000),
        s.duration("monitoring.failures.window", Duration.ofMinutes(1)),
        s.intIn("monitoring.slo.p99.ms", 30_000, 1, Integer.MAX_VALUE),
        s.duration("monitoring.slo.window", Duration.ofMinutes(1)),
        s.intIn("monitoring.slo.min.samples", 20, 1, 1_000_000),
        s.intIn("monitoring.overload.rises", 3, 1, 1000),
        s.duration("monitoring.overload.window", Duration.ofMinutes(2)),
        s.intIn("monitoring.noroute.count", 10, 1, 100_000),
        s.duration("monitoring.noroute.window", Duration.ofMinutes(1)),
        s.intIn("monitoring.dlq.count", 10, 1, 100_000),
        s.duration("monitoring.dlq.window", Duration.ofMinutes(1)),
        s.duration("monitoring.out.of.orderness", Duration.ofSeconds(5)));
    s.validate();
    return c;
  }
}
