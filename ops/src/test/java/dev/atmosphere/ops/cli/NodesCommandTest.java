package dev.atmosphere.ops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atmosphere.schemas.NodeStatus;
import dev.atmosphere.schemas.fixtures.Fixtures;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class NodesCommandTest {

  @Test
  void shouldSayHowLongAgoInTheUnitAPersonReads() {
    assertThat(NodesCommand.ago(Duration.ofSeconds(4))).isEqualTo("4 s ago");
    assertThat(NodesCommand.ago(Duration.ofSeconds(1590))).isEqualTo("26 min ago");
    assertThat(NodesCommand.ago(Duration.ofHours(5).plusMinutes(59))).isEqualTo("5 h ago");
    assertThat(NodesCommand.ago(Duration.ofDays(3))).isEqualTo("3 d ago");
    assertThat(NodesCommand.ago(Duration.ofSeconds(-2))).as("a clock a little ahead").isEqualTo("0 s ago");
  }

  @Test
  void shouldLeaveOutNodesSilentForOverADayUnlessAllAreAskedFor() {
    Instant now = Instant.parse("2026-11-28T12:00:00Z");
    NodeStatus live = Fixtures.alive("live", now.minusSeconds(3)).build();
    NodeStatus dead = Fixtures.alive("dead-an-hour", now.minusSeconds(3_600)).build();
    NodeStatus gone = Fixtures.alive("left-last-week", now.minus(Duration.ofDays(7))).build();

    assertThat(NodesCommand.shown(List.of(live, dead, gone), now, false)).extracting(NodeStatus::getNodeId)
        .containsExactly("live", "dead-an-hour");
    assertThat(NodesCommand.shown(List.of(live, dead, gone), now, true)).hasSize(3);
  }
}
