package dev.atmosphere.ops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atmosphere.schemas.WorkResult;
import dev.atmosphere.schemas.WorkStatus;
import org.junit.jupiter.api.Test;

/** Found by hand: a unit that found no route was printed "✓ … NO_ROUTE on null". */
class PlanCommandTest {

  private static final dev.atmosphere.schemas.Timings TIMINGS = dev.atmosphere.schemas.Timings.newBuilder()
      .setIntentCreatedAt(java.time.Instant.EPOCH).setFinishedAt(java.time.Instant.EPOCH).build();

  @Test
  void shouldTickOnlyUnitsThatSucceededAndNameANodeOnlyWhenOneRanIt() {
    WorkResult done = WorkResult.newBuilder().setIntentId("p~retrieve").setStatus(WorkStatus.SUCCEEDED)
        .setNodeId("node-a").setAttempts(1).setTimings(TIMINGS).build();
    WorkResult lost = WorkResult.newBuilder().setIntentId("p~answer").setStatus(WorkStatus.NO_ROUTE).setAttempts(1)
        .setTimings(TIMINGS).build();

    assertThat(PlanCommand.unitLine(done)).isEqualTo("  ✓ p~retrieve SUCCEEDED on node-a");
    assertThat(PlanCommand.unitLine(lost)).isEqualTo("  ✗ p~answer NO_ROUTE");
  }
}
