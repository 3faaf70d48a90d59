package dev.atmosphere.scaler.simulation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.atmosphere.scaler.policy.ScalingPolicy;
import dev.atmosphere.schemas.CapabilityType;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The replay's accounting on traces small enough to work out by hand. */
class ScalingSimulationTest {

  private static final ScalingPolicy POLICY = new ScalingPolicy(CapabilityType.LLM, 1, 4, 0.7, 0.2, Duration.ZERO,
      List.of());

  @Test
  void shouldCountIdleHoursOfAnAlwaysOnFleetAgainstAScaledOneOnAQuietTrace() {
    List<ScalingSimulation.Step> quiet = List.of(new ScalingSimulation.Step(0, 0), new ScalingSimulation.Step(60, 0));

    ScalingSimulation.Report r = ScalingSimulation.run(quiet, Duration.ofHours(1), POLICY, 10);

    assertThat(r.alwaysOnNodeHours()).isEqualTo(8.0);   // 4 replicas × 2 h
    assertThat(r.scaledNodeHours()).isEqualTo(2.0);     // min_replicas 1 × 2 h
    assertThat(r.idleSavedFraction()).isCloseTo(0.75, within(1e-9));
    assertThat(r.unservedFraction()).isZero();
  }

  @Test
  void shouldScaleUpOneStepAtATimeAndCountDemandThatFoundNoCapacity() {
    List<ScalingSimulation.Step> busy = List.of(new ScalingSimulation.Step(0, 30), new ScalingSimulation.Step(60, 30),
        new ScalingSimulation.Step(120, 30));

    ScalingSimulation.Report r = ScalingSimulation.run(busy, Duration.ofHours(1), POLICY, 10);

    // replicas 1 → 2 → 3: unserved 2 + 1 + 0 node-hours of 9 needed
    assertThat(r.scaledNodeHours()).isEqualTo(6.0);
    assertThat(r.unservedNodeHours()).isEqualTo(3.0);
    assertThat(r.commands()).as("the third, 3 → 4 at full load, lands after the trace").isEqualTo(3);
  }
}
