package dev.atmosphere.router.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atmosphere.schemas.NodeStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A node's clock is trusted only so far: a heartbeat from a node whose clock runs an hour ahead counts for its own
 * time-to-live after it arrived (plus the allowed skew), not for an hour — so the node is seen dead soon after it
 * stops; a node with a correct clock is untouched.
 */
class HeartbeatSkewTest {

  private static final Instant NOW = Instant.parse("2026-11-27T10:00:00Z");

  private static NodeStatus beat(Instant reportedAt, Duration ttl) {
    return dev.atmosphere.schemas.fixtures.Fixtures.alive("n", reportedAt).setExpiresAt(reportedAt.plus(ttl))
        .setSequence(1).build();
  }

  @Test
  void shouldCutAHeartbeatFromAClockRunningAheadToItsTimeToLiveAfterArrival() {
    GradientIndex index = new GradientIndex(c -> List.of());

    index.node("n", beat(NOW.plus(Duration.ofHours(1)), Duration.ofSeconds(10)), NOW.toEpochMilli());

    assertThat(index.node("n").getExpiresAt()).isEqualTo(NOW.plusSeconds(10).plus(GradientIndex.MAX_SKEW));
  }

  @Test
  void shouldLeaveAHeartbeatFromACorrectClockAsItIs() {
    GradientIndex index = new GradientIndex(c -> List.of());
    NodeStatus beat = beat(NOW.minusMillis(200), Duration.ofSeconds(10));

    index.node("n", beat, NOW.toEpochMilli());

    assertThat(index.node("n").getExpiresAt()).isEqualTo(beat.getExpiresAt());
  }
}
