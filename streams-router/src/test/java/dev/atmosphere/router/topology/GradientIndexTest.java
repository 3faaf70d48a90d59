package dev.atmosphere.router.topology;

import static dev.atmosphere.schemas.fixtures.Fixtures.alive;
import static dev.atmosphere.schemas.fixtures.Fixtures.capability;
import static org.assertj.core.api.Assertions.assertThat;

import dev.atmosphere.router.scoring.Candidate;
import dev.atmosphere.router.scoring.PackedRows;
import dev.atmosphere.schemas.CapabilityType;
import dev.atmosphere.schemas.NodeStatus;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The live table carries every row's latest heartbeat, attached as heartbeats arrive and removed with the node, the
 * same as joining the heartbeats to every row afresh — without building a new table per heartbeat.
 */
class GradientIndexTest {

  private static final Instant NOW = Instant.parse("2026-11-29T10:00:00Z");
  private final GradientIndex index = new GradientIndex(c -> List.of(new float[] {1, 0, 0}));

  private void announce(String node, String id) {
    index.capability(node + "/" + id, capability(node, id, CapabilityType.LLM, "m", "capability " + id).build());
  }

  private static NodeStatus beat(String node, long sequence) {
    return alive(node, NOW).setSequence(sequence).build();
  }

  private static Map<String, Long> sequences(List<Candidate> table) {
    return table.stream().collect(Collectors.toMap(c -> c.capability().getCapabilityId(),
        c -> c.status() == null ? -1L : c.status().getSequence()));
  }

  /** What the table must hold: every row with its node's heartbeat from the map, joined afresh. */
  private Map<String, Long> joinedAfresh() {
    return sequences(index.capabilities().withStatuses(c -> c.withStatus(index.node(c.capability().getNodeId()))));
  }

  @Test
  void shouldAttachHeartbeatsAsTheyArriveWithoutANewTable() {
    announce("a", "a1");
    announce("a", "a2");
    announce("b", "b1");
    index.node("a", beat("a", 1));
    PackedRows live = index.live();
    assertThat(sequences(live)).isEqualTo(Map.of("a1", 1L, "a2", 1L, "b1", -1L));

    index.node("b", beat("b", 7));
    index.node("a", beat("a", 2));

    assertThat(index.live()).as("the same table, its rows updated").isSameAs(live);
    assertThat(sequences(live)).isEqualTo(Map.of("a1", 2L, "a2", 2L, "b1", 7L)).isEqualTo(joinedAfresh());
    assertThat(live.get(0).sketch()).as("sketches shared with the index's rows")
        .isSameAs(index.capabilities().get(0).sketch());
  }

  @Test
  void shouldDropAGoneNodesHeartbeatAndJoinANewCapabilityWithTheHeartbeatsItHas() {
    announce("a", "a1");
    announce("b", "b1");
    index.node("a", beat("a", 3));
    index.node("b", beat("b", 4));
    index.live();

    index.node("b", null);
    announce("b", "b2"); // a new table: joined with what the index holds now
    index.node("a", beat("a", 5));

    assertThat(sequences(index.live())).isEqualTo(Map.of("a1", 5L, "b1", -1L, "b2", -1L)).isEqualTo(joinedAfresh());
    index.node("b", beat("b", 6));
    assertThat(sequences(index.live())).isEqualTo(Map.of("a1", 5L, "b1", 6L, "b2", 6L));
  }
}
