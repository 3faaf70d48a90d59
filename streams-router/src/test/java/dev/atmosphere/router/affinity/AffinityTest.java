package dev.atmosphere.router.affinity;

import static dev.atmosphere.schemas.fixtures.Fixtures.alive;
import static dev.atmosphere.schemas.fixtures.Fixtures.capability;
import static org.assertj.core.api.Assertions.assertThat;

import dev.atmosphere.router.scoring.Candidate;
import dev.atmosphere.router.scoring.ScoredCandidate;
import dev.atmosphere.router.scoring.Scorer;
import dev.atmosphere.schemas.CapabilityType;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which candidate a follow-up sticks to: the turn's node unless it is out of reach or clearly worse. */
class AffinityTest {

  private static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");
  private static final String BELOW = Scorer.BELOW_THRESHOLD + "0.12";

  private static Candidate row(String node, String id) {
    return new Candidate(capability(node, id, CapabilityType.LLM, id, "x").build(), alive(node, NOW).build(),
        List.of(new float[] {1, 0}));
  }

  private static ScoredCandidate eligible(String node, String id, double score) {
    return new ScoredCandidate(row(node, id), true, null, score, 1, 1, 1, 1, 1, score);
  }

  private static ScoredCandidate refused(String node, String id, double similarity, String reason) {
    return new ScoredCandidate(row(node, id), false, reason, similarity, 1, 1, 1, 1, 1, 0);
  }

  @Test
  void shouldStickWithinTheToleranceOfTheBest() {
    List<ScoredCandidate> scored = List.of(eligible("b", "coder", 0.40), eligible("a", "contracts", 0.35));

    assertThat(Affinity.sticky(scored, "a", "contracts", 0.25)).hasValueSatisfying(s -> assertThat(s.nodeId())
        .isEqualTo("a"));
    assertThat(Affinity.sticky(List.of(eligible("b", "coder", 0.60), eligible("a", "contracts", 0.35)), "a",
        "contracts", 0.25)).as("the follow-up clearly asks something else").isEmpty();
  }

  @Test
  void shouldKeepATerseFollowUpOnItsConversationsNodeWhenNothingIsRelevantOnItsOwn() {
    List<ScoredCandidate> nothingRelevant = List.of(refused("a", "contracts", 0.10, BELOW),
        refused("g", "assistant", 0.08, BELOW));

    assertThat(Affinity.sticky(nothingRelevant, "a", "contracts", 0.25)).hasValueSatisfying(s -> {
      assertThat(s.eligible()).isTrue();
      assertThat(s.total()).isEqualTo(0.10);
    });
    assertThat(Affinity.sticky(List.of(refused("a", "contracts", 0.10, "node heartbeat expired at " + NOW),
        refused("g", "assistant", 0.08, BELOW)), "a", "contracts", 0.25)).as("a dead node is not sticky").isEmpty();
    assertThat(Affinity.sticky(List.of(eligible("t", "translator", 0.30), refused("a", "contracts", 0.10, BELOW)),
        "a", "contracts", 0.25)).as("something relevant on its own: routed as usual").isEmpty();
  }
}
