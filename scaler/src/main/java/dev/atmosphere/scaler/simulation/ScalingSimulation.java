package dev.atmosphere.scaler.simulation;

import dev.atmosphere.scaler.policy.ScaleDecider;
import dev.atmosphere.scaler.policy.ScalingPolicy;
import dev.atmosphere.schemas.ScaleAction;
import dev.atmosphere.schemas.ScaleCommand;
import dev.atmosphere.schemas.ScaleRecommendation;
import dev.atmosphere.schemas.internal.ScalerState;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Replays a load trace through the scaler's own {@link ScaleDecider} and compares node-hours with an always-on
 * fleet of {@code max_replicas}: how many idle node-hours scaling saves, and what it costs in demand that found no
 * capacity (the honest other side). One replica serves {@code capacityPerNode} requests per minute.
 */
public final class ScalingSimulation {

  /** What the replay found. */
  public record Report(double alwaysOnNodeHours, double scaledNodeHours, double demandNodeHours,
      double alwaysOnIdleHours, double scaledIdleHours, double unservedNodeHours, int commands) {

    public double idleSavedFraction() {
      return alwaysOnIdleHours == 0 ? 0 : 1 - scaledIdleHours / alwaysOnIdleHours;
    }

    public double unservedFraction() {
      return demandNodeHours == 0 ? 0 : unservedNodeHours / demandNodeHours;
    }
  }

  /** One step of the trace: minute of the week and requests per minute. */
  public record Step(long minute, double requestsPerMinute) {}

  private ScalingSimulation() {}

  public static Report run(List<Step> trace, Duration step, ScalingPolicy policy, double capacityPerNode) {
    ScaleDecider decider = new ScaleDecider(false);
    ScalerState state = ScalerState.newBuilder().setReplicas(policy.minReplicas()).build();
    double hours = step.toSeconds() / 3600.0;
    double alwaysOn = 0;
    double scaled = 0;
    double demand = 0;
    double unserved = 0;
    int commands = 0;
    Instant t0 = Instant.parse("2026-11-23T00:00:00Z");
    for (Step s : trace) {
      int replicas = state.getReplicas();
      double needed = s.requestsPerMinute() / capacityPerNode;   // node-equivalents of work this step
      alwaysOn += policy.maxReplicas() * hours;
      scaled += replicas * hours;
      demand += needed * hours;
      unserved += Math.max(0, needed - replicas) * hours;
      double load = replicas == 0 ? (needed > 0 ? 1 : 0) : Math.min(1, needed / replicas);
      int queue = needed > replicas ? (int) Math.ceil((needed - replicas) * capacityPerNode) : 0;
      Instant end = t0.plus(Duration.ofMinutes(s.minute())).plus(step);
      ScaleRecommendation window = ScaleRecommendation.newBuilder().setCapabilityType(policy.type())
          .setWindowStart(end.minus(step)).setWindowEnd(end).setSamples(1).setAverageLoad(load)
          .setMaxQueueDepth(queue).setAction(queue > 0 ? ScaleAction.SCALE_UP : ScaleAction.HOLD).setReason("trace")
          .build();
      ScalerState before = state;
      var command = decider.decide(policy, window, before);
      if (command.isPresent()) {
        ScaleCommand c = command.get();
        commands++;
        state = ScalerState.newBuilder().setReplicas(c.getToReplicas()).setLastCommandAt(c.getWindowEnd()).build();
      }
    }
    double served = demand - unserved;
    return new Report(alwaysOn, scaled, demand, alwaysOn - demand, scaled - served, unserved, commands);
  }

  /** The trace shipped with the scaler ({@code traces/office-week.csv}). */
  public static List<Step> officeWeek() {
    try (InputStream in = ScalingSimulation.class.getResourceAsStream("/traces/office-week.csv")) {
      List<Step> out = new ArrayList<>();
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (!line.startsWith("#") && !line.isBlank()) {
          String[] f = line.split(",");
          out.add(new Step(Long.parseLong(f[0]), Double.parseDouble(f[1])));
        }
      }
      return out;
    } catch (IOException e) {
      throw new IllegalStateException("traces/office-week.csv missing from the classpath", e);
    }
  }
}
