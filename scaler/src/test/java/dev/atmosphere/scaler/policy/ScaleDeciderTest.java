package dev.atmosphere.scaler.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atmosphere.schemas.CapabilityType;
import dev.atmosphere.schemas.ScaleAction;
import dev.atmosphere.schemas.ScaleCommand;
import dev.atmosphere.schemas.ScaleRecommendation;
import dev.atmosphere.schemas.internal.ScalerState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One replica at a time, within bounds, not within the cooldown, and dry runs marked. */
class ScaleDeciderTest {

  private static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");
  private final ScalingPolicy policy = new ScalingPolicy(CapabilityType.LLM, 1, 3, 0.7, 0.2, Duration.ofMinutes(5),
      List.of(new ScalingPolicy.Kubernetes("atmosphere", "llamafarm-llm", 1)));
  private final ScaleDecider decider = new ScaleDecider(false);

  private static ScaleRecommendation window(double load, int queue, Instant end) {
    return ScaleRecommendation.newBuilder().setCapabilityType(CapabilityType.LLM).setWindowStart(end.minusSeconds(60))
        .setWindowEnd(end).setSamples(10).setAverageLoad(load).setMaxQueueDepth(queue).setAction(ScaleAction.HOLD)
        .setReason("").build();
  }

  private static ScalerState state(int replicas, Instant last) {
    return ScalerState.newBuilder().setReplicas(replicas).setLastCommandAt(last).build();
  }

  @Test
  void shouldAddOneReplicaWithTheReasonWhenLoadIsAboveTheThreshold() {
    ScaleCommand c = decider.decide(policy, window(0.85, 2, T0), state(1, null)).orElseThrow();

    assertThat(c.getAction()).isEqualTo(ScaleAction.SCALE_UP);
    assertThat(c.getFromReplicas()).isEqualTo(1);
    assertThat(c.getToReplicas()).isEqualTo(2);
    assertThat(c.getReason()).isEqualTo("average load 0.85 (up above 0.70, down below 0.20), max queue 2");
    assertThat(c.getBackends()).containsExactly("kubernetes:atmosphere/llamafarm-llm");
    assertThat(c.getDryRun()).isFalse();
  }

  @Test
  void shouldStayWithinMinAndMax() {
    assertThat(decider.decide(policy, window(0.95, 9, T0), state(3, null))).isEmpty();
    assertThat(decider.decide(policy, window(0.0, 0, T0), state(1, null))).isEmpty();
    assertThat(decider.decide(policy, window(0.5, 0, T0), state(0, null)).orElseThrow().getReason())
        .isEqualTo("below min_replicas 1");
  }

  @Test
  void shouldNotActAgainWithinTheCooldownButAfterIt() {
    assertThat(decider.decide(policy, window(0.05, 0, T0.plusSeconds(120)), state(3, T0))).isEmpty();
    assertThat(decider.decide(policy, window(0.05, 0, T0.plusSeconds(300)), state(3, T0)).orElseThrow().getAction())
        .isEqualTo(ScaleAction.SCALE_DOWN);
  }

  @Test
  void shouldMarkCommandsOfADryRun() {
    assertThat(new ScaleDecider(true).decide(policy, window(0.9, 0, T0), state(1, null)).orElseThrow().getDryRun())
        .isTrue();
  }
}
