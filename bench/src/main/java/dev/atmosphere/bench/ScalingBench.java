package dev.atmosphere.bench;

import dev.atmosphere.scaler.policy.ScalingPolicy;
import dev.atmosphere.scaler.simulation.ScalingSimulation;
import dev.atmosphere.schemas.CapabilityType;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;

/** The scaler replayed on the shipped office-week trace: idle node-hours saved against an always-on fleet. */
final class ScalingBench {

  private ScalingBench() {}

  static void run(PrintWriter out) {
    List<ScalingSimulation.Step> trace = ScalingSimulation.officeWeek();
    for (Duration cooldown : new Duration[] {Duration.ofMinutes(5), Duration.ofMinutes(15)}) {
      ScalingPolicy policy = new ScalingPolicy(CapabilityType.LLM, 1, 8, 0.7, 0.2, cooldown, List.of());
      ScalingSimulation.Report r = ScalingSimulation.run(trace, Duration.ofMinutes(5), policy, 10);
      out.printf("scaling simulation, office week (%d steps), 1–8 replicas of 10 req/min, up 0.7 / down 0.2, "
              + "cooldown %d min: node-hours always-on %.0f vs scaled %.0f; idle node-hours %.0f vs %.0f "
              + "(%.0f%% saved); demand without capacity %.1f%% of %.0f node-hours; %d commands%n",
          trace.size(), cooldown.toMinutes(), r.alwaysOnNodeHours(), r.scaledNodeHours(), r.alwaysOnIdleHours(),
          r.scaledIdleHours(), r.idleSavedFraction() * 100, r.unservedFraction() * 100, r.demandNodeHours(),
          r.commands());
    }
    out.flush();
  }
}
