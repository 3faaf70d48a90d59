package dev.atmosphere.scaler.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atmosphere.schemas.CapabilityType;
import dev.atmosphere.schemas.ScaleAction;
import dev.atmosphere.schemas.ScaleRecommendation;
import dev.atmosphere.schemas.internal.LoadWindow;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A window is recommended by its type's own policy: the thresholds the decider then acts on, not a second set. */
class RecommendationsTest {

  private static final Instant T0 = Instant.parse("2026-11-28T10:00:00Z");
  private static final ScalingPolicy EAGER = new ScalingPolicy(CapabilityType.LLM, 1, 4, 0.5, 0.1,
      Duration.ofMinutes(5), List.of());
  private static final ScalingPolicy CALM = new ScalingPolicy(CapabilityType.RAG, 1, 4, 0.9, 0.3,
      Duration.ofMinutes(5), List.of());

  private static LoadWindow window(double averageLoad, int maxQueue) {
    return LoadWindow.newBuilder().setSamples(4).setLoadSum(averageLoad * 4).setMaxQueueDepth(maxQueue)
        .setNodes(List.of("a", "b")).build();
  }

  private static ScaleRecommendation of(ScalingPolicy policy, LoadWindow window) {
    return Recommendations.of(policy, 4, T0, T0.plusSeconds(60), window);
  }

  @Test
  void shouldJudgeTheSameLoadByEachTypesOwnThresholds() {
    assertThat(of(EAGER, window(0.6, 0)).getAction()).isEqualTo(ScaleAction.SCALE_UP);
    assertThat(of(CALM, window(0.6, 0)).getAction()).isEqualTo(ScaleAction.HOLD);
    assertThat(of(CALM, window(0.2, 0)).getAction()).isEqualTo(ScaleAction.SCALE_DOWN);
    assertThat(of(EAGER, window(0.2, 0)).getAction()).isEqualTo(ScaleAction.HOLD);
  }

  @Test
  void shouldScaleUpOnADeepQueueWhateverTheLoadAndNeverDownWithWorkWaiting() {
    ScaleRecommendation queued = of(CALM, window(0.1, 4));

    assertThat(queued.getAction()).isEqualTo(ScaleAction.SCALE_UP);
    assertThat(queued.getReason()).isEqualTo("average load 0.10 (up at 0.90), max queue 4 (up at 4)");
    assertThat(of(CALM, window(0.1, 1)).getAction()).isEqualTo(ScaleAction.HOLD);
    assertThat(queued.getCapabilityType()).isEqualTo(CapabilityType.RAG);
  }
}
