package dev.atmosphere.router.scoring;

import static dev.atmosphere.schemas.fixtures.Fixtures.alive;
import static dev.atmosphere.schemas.fixtures.Fixtures.capability;
import static dev.atmosphere.schemas.fixtures.Fixtures.intent;
import static org.assertj.core.api.Assertions.assertThat;

import dev.atmosphere.schemas.CapabilityConstraints;
import dev.atmosphere.schemas.CapabilityType;
import dev.atmosphere.schemas.Intent;
import dev.atmosphere.schemas.IntentConstraints;
import dev.atmosphere.schemas.IntentKind;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Scoring at site b of a two-site mesh: hops from the mirror's provenance and residency by site. */
class SitesTest {

  private static final Instant NOW = Instant.parse("2026-11-27T10:00:00Z");
  private static final float[] X = {1, 0, 0};
  private final Scorer scorer = new Scorer(ScoringPolicy.defaults(), () -> dev.atmosphere.router.feedback.Examples.NONE,
      "b");

  private static Candidate local(String id, String residency) {
    return new Candidate(capability("local-node", id, CapabilityType.LLM, id, "chat")
        .setConstraints(CapabilityConstraints.newBuilder().setDataResidency(residency).build()).build(),
        alive("local-node", NOW).build(), List.of(X));
  }

  private static Candidate remote(String id, String site, String residency) {
    return new Candidate(capability("remote-node", id, CapabilityType.LLM, id, "chat").setCluster(site).setHops(1)
        .setConstraints(CapabilityConstraints.newBuilder().setDataResidency(residency).build()).build(),
        alive("remote-node", NOW).build(), List.of(X));
  }

  private List<String> eligible(String residency, Candidate... candidates) {
    Intent intent = intent("i", IntentKind.CHAT, "q", NOW).setOriginNodeId("gateway-node")
        .setConstraints(IntentConstraints.newBuilder().setDataResidency(residency).build()).build();
    return scorer.score(intent, X, List.of(candidates), NOW).stream().filter(ScoredCandidate::eligible)
        .map(ScoredCandidate::capabilityId).toList();
  }

  @Test
  void shouldPreferTheSameSiteByOneMoreHopPenaltyPerMirroredCluster() {
    Intent intent = intent("i", IntentKind.CHAT, "q", NOW).setOriginNodeId("gateway-node").build();

    List<ScoredCandidate> scored = scorer.score(intent, X, List.of(remote("there", "a", null), local("here", null)),
        NOW);

    assertThat(scored).extracting(ScoredCandidate::capabilityId).containsExactly("here", "there");
    assertThat(scored.get(0).hopFactor()).isEqualTo(0.95, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(scored.get(1).hopFactor()).isEqualTo(0.95 * 0.95, org.assertj.core.data.Offset.offset(1e-9));
  }

  @Test
  void shouldKeepAnIntentForThisSiteOnThisSitesNodes() {
    assertThat(eligible("b", remote("there", "a", null), local("here", null))).containsExactly("here");
  }

  @Test
  void shouldSendAnIntentForAnotherSiteOnlyToThatSite() {
    assertThat(eligible("a", remote("there", "a", null), local("here", null), remote("third", "c", null)))
        .containsExactly("there");
  }

  @Test
  void shouldNeverLetARegionLabelTakeDataToAnotherSite() {
    assertThat(eligible("EU", remote("there", "a", "EU"), local("here", "EU"), local("us", "US")))
        .containsExactly("here");
  }
}
