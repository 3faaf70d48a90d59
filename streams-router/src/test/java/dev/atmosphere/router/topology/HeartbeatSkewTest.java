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
 * stops; one whose clock runs 20 s behind is not dead while it beats; heartbeats that merely arrive late after
 * on-time ones, or are replayed after a restart, are not taken for a slow clock; a correct clock is untouched.
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

  @Test
  void shouldKeepANodeWhoseClockRunsBehindAliveWhileItBeats() {
    GradientIndex index = new GradientIndex(c -> List.of());
    var live = index.heartbeats();

    for (int i = 0; i < 3; i++) { // every 5 s, stamped by a clock 20 s slow
      Instant arrived = NOW.plusSeconds(5L * i);
      live.accept("n", beat(arrived.minusSeconds(20), Duration.ofSeconds(10)), arrived.toEpochMilli());
    }

    assertThat(index.node("n").getExpiresAt()).as("alive for its time-to-live after the last beat arrived")
        .isEqualTo(NOW.plusSeconds(10).plusSeconds(10));
  }

  @Test
  void shouldNotTakeHeartbeatsThatArriveLateAfterOnTimeOnesOrAreReplayedForASlowClock() {
    GradientIndex index = new GradientIndex(c -> List.of());
    var live = index.heartbeats();
    live.accept("n", beat(NOW, Duration.ofSeconds(10)), NOW.toEpochMilli());
    NodeStatus late = beat(NOW.plusSeconds(5), Duration.ofSeconds(10)); // its verifier died: read 8 s late

    live.accept("n", late, NOW.plusSeconds(13).toEpochMilli());
    assertThat(index.node("n").getExpiresAt()).isEqualTo(late.getExpiresAt());

    GradientIndex restarted = new GradientIndex(c -> List.of());
    restarted.heartbeats().restored("n", late, NOW.plusSeconds(600).toEpochMilli());
    assertThat(restarted.node("n").getExpiresAt()).as("replayed a long time after").isEqualTo(late.getExpiresAt());
  }

  @Test
  void shouldTrustAClockBehindByAtMostTheAllowedSkewUntilItsHeartbeatsHaveKeptTheirPace() {
    GradientIndex index = new GradientIndex(c -> List.of());

    index.heartbeats().accept("n", beat(NOW.minusSeconds(120), Duration.ofSeconds(10)), NOW.toEpochMilli());

    assertThat(index.node("n").getExpiresAt()).isEqualTo(NOW.minusSeconds(110).plus(GradientIndex.MAX_SKEW));
  }

  @Test
  void shouldKeepANodeWhoseClockRunsMinutesBehindAliveOnceItsHeartbeatsHaveArrivedAtTheirPaceForHalfAMinute() {
    GradientIndex index = new GradientIndex(c -> List.of());
    var live = index.heartbeats();
    Instant arrived = NOW;
    for (int i = 0; i < ClockOffsets.WINDOW; i++) { // every 5 s, stamped by a clock 5 minutes slow (a WSL 2 guest)
      arrived = NOW.plusSeconds(5L * i);
      live.accept("n", beat(arrived.minusSeconds(300), Duration.ofSeconds(10)), arrived.toEpochMilli());
      if (i == 2) {
        assertThat(index.node("n").getExpiresAt()).as("not yet believed: dead as before").isBefore(arrived);
      }
    }

    assertThat(index.node("n").getExpiresAt()).as("alive for its time-to-live after the last beat arrived")
        .isEqualTo(arrived.plusSeconds(10));
  }

  @Test
  void shouldNotTakeABacklogReadInOneBurstForAClockMinutesBehind() {
    GradientIndex index = new GradientIndex(c -> List.of());
    var live = index.heartbeats();
    Instant read = NOW;
    for (int i = 0; i < ClockOffsets.WINDOW * 2; i++) { // a node that died 5 minutes ago: its heartbeats read at once
      read = NOW.plusMillis(20L * i);
      live.accept("n", beat(NOW.minusSeconds(380).plusSeconds(5L * i), Duration.ofSeconds(10)), read.toEpochMilli());
    }

    assertThat(index.node("n").getExpiresAt()).as("trusted no further than the allowed skew")
        .isBefore(NOW.minusSeconds(200));
  }
}
