package dev.atmosphere.router;

import static dev.atmosphere.schemas.fixtures.Fixtures.alive;
import static dev.atmosphere.schemas.fixtures.Fixtures.capability;
import static org.assertj.core.api.Assertions.assertThat;

import dev.atmosphere.router.scoring.Candidate;
import dev.atmosphere.router.scoring.ScoredCandidate;
import dev.atmosphere.schemas.CapabilityType;
import dev.atmosphere.schemas.Intent;
import dev.atmosphere.schemas.IntentConstraints;
import dev.atmosphere.schemas.IntentKind;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A pinned intent that cannot run says why of the capability it pinned, not of whichever other scored best. */
class RouteReasonsTest {

  private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");

  private static ScoredCandidate refused(String id, CapabilityType type, double similarity, String reason) {
    Candidate c = new Candidate(capability("n", id, type, id, "x").build(), alive("n", NOW).build(),
        List.of(new float[] {1, 0}));
    return new ScoredCandidate(c, false, reason, similarity, 1, 1, 1, 1, 1, 0);
  }

  private static Intent chatPinnedTo(String id) {
    return Intent.newBuilder().setIntentId("i").setKind(IntentKind.CHAT).setText("hi").setPinnedCapabilityId(id)
        .setConstraints(IntentConstraints.newBuilder().build()).setCreatedAt(NOW).setDeadlineAt(NOW.plusSeconds(9))
        .build();
  }

  @Test
  void shouldNameThePinnedCapabilitysOwnRefusal() {
    List<ScoredCandidate> scored = List.of(
        refused("builtin:embeddings:minilm", CapabilityType.EMBEDDINGS, 0.4, "type EMBEDDINGS cannot serve a CHAT intent"),
        refused("llamafarm:llm:general/assistant", CapabilityType.LLM, 0.3, "not the pinned capability"));

    assertThat(RouteReasons.noRoute(chatPinnedTo("builtin:embeddings:minilm"), scored)).isEqualTo(
        "the pinned capability builtin:embeddings:minilm was refused on n: type EMBEDDINGS cannot serve a CHAT intent");
    assertThat(RouteReasons.noRoute(chatPinnedTo("ollama:llm:gone"), scored))
        .isEqualTo("the pinned capability ollama:llm:gone is not announced (or its node is gone)");
  }

  @Test
  void shouldRefuseAnIntentThatCanNeverRunAsInvalidNotAsAFullQueue() {
    RoutePlanner planner = new RoutePlanner(dev.atmosphere.schemas.topics.Topics.defaults(),
        new dev.atmosphere.router.scoring.Scorer(dev.atmosphere.router.scoring.ScoringPolicy.defaults()),
        new dev.atmosphere.common.testing.FixedEmbedder(), 20);
    Intent empty = Intent.newBuilder(chatPinnedTo("x")).setPinnedCapabilityId(null).setText("").build();

    Routed routed = planner.plan(empty, List.of(), NOW);

    assertThat(routed.result().getStatus()).isEqualTo(dev.atmosphere.schemas.WorkStatus.REJECTED);
    assertThat(routed.result().getErrorKind()).as("the gateway answers 400, not a 429 to retry")
        .isEqualTo(RoutePlanner.INVALID);
    assertThat(routed.result().getError()).isEqualTo("intent has neither text nor messages");
  }
}
