package dev.atmosphere.router;

import static dev.atmosphere.schemas.fixtures.Fixtures.alive;
import static dev.atmosphere.schemas.fixtures.Fixtures.capability;
import static org.assertj.core.api.Assertions.assertThat;

import dev.atmosphere.common.embed.CachingEmbedder;
import dev.atmosphere.common.testing.FixedEmbedder;
import dev.atmosphere.router.scoring.Candidate;
import dev.atmosphere.router.scoring.Scorer;
import dev.atmosphere.router.scoring.ScoringPolicy;
import dev.atmosphere.schemas.CapabilityType;
import dev.atmosphere.schemas.Intent;
import dev.atmosphere.schemas.IntentConstraints;
import dev.atmosphere.schemas.IntentKind;
import dev.atmosphere.schemas.topics.Topics;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A request that names its capability (an OpenAI {@code model} that is a capability id) is routed by that id: the
 * router neither compares it by meaning nor waits for its text's vector, which is a model run on its only thread.
 */
class PinnedRoutingTest {

  private static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");

  /** Counts the texts embedded (every one is a miss of the cache in front of the model). */
  private static CachingEmbedder recording() {
    return new CachingEmbedder(new FixedEmbedder(), 100);
  }

  private static Candidate candidate(String node, String id) {
    return new Candidate(capability(node, id, CapabilityType.LLM, id, "a model").build(), alive(node, NOW).build(),
        List.of(new float[] {0, 1}));
  }

  private static Intent chat(String text, String pinned) {
    return Intent.newBuilder().setIntentId("i-" + text.length()).setKind(IntentKind.CHAT).setText(text)
        .setPinnedCapabilityId(pinned).setConstraints(IntentConstraints.newBuilder().build()).setCreatedAt(NOW)
        .setDeadlineAt(NOW.plusSeconds(9)).build();
  }

  @Test
  void shouldRouteAPinnedRequestByItsIdWithoutEmbeddingIt() {
    CachingEmbedder embedder = recording();
    RoutePlanner planner = new RoutePlanner(Topics.defaults(), new Scorer(ScoringPolicy.defaults()), embedder, 20);
    List<Candidate> table = List.of(candidate("a", "llamafarm:llm:general/assistant"),
        candidate("b", "llamafarm:llm:general/assistant"), candidate("a", "llamafarm:llm:legal/contracts"));

    Routed routed = planner.plan(chat("summarise clause 4", "llamafarm:llm:legal/contracts"), table, NOW);

    assertThat(routed.decision().getChosenCapabilityId()).isEqualTo("llamafarm:llm:legal/contracts");
    assertThat(routed.decision().getReason()).isEqualTo(RouteReasons.PINNED);
    assertThat(routed.work()).isNotNull();
    assertThat(embedder.size()).as("nothing embedded: not its text, nor the prototypes of depth").isZero();
  }

  @Test
  void shouldBalanceAPinnedCapabilityServedByTwoNodesByTheirOutstandingWork() {
    RoutePlanner planner = new RoutePlanner(Topics.defaults(), new Scorer(ScoringPolicy.defaults()), recording(), 20);
    List<Candidate> table = List.of(candidate("a", "llamafarm:llm:general/assistant"),
        candidate("b", "llamafarm:llm:general/assistant"));

    Routed routed = planner.plan(chat("hello there", "llamafarm:llm:general/assistant"), table, NOW, 1, Map.of(),
        node -> node.equals("a") ? 5 : 0);

    assertThat(routed.decision().getChosenNodeId()).isEqualTo("b");
  }

  @Test
  void shouldStillCompareAnUnpinnedRequestByMeaning() {
    CachingEmbedder embedder = recording();
    RoutePlanner planner = new RoutePlanner(Topics.defaults(), new Scorer(ScoringPolicy.defaults()), embedder, 20);

    Routed routed = planner.plan(chat("summarise clause 4", null),
        List.of(new Candidate(capability("a", "c", CapabilityType.LLM, "c", "d").build(), alive("a", NOW).build(),
            List.of(new float[] {1, 0}))), NOW);

    assertThat(embedder.size()).isPositive();
    assertThat(routed.decision().getReason()).isNull();
    assertThat(routed.decision().getCandidates().get(0).getSimilarity()).isGreaterThan(0.9);
  }
}
