package dev.atmosphere.router.scoring;

import static dev.atmosphere.schemas.fixtures.Fixtures.alive;
import static dev.atmosphere.schemas.fixtures.Fixtures.capability;
import static dev.atmosphere.schemas.fixtures.Fixtures.intent;
import static org.assertj.core.api.Assertions.assertThat;

import dev.atmosphere.schemas.CapabilityAnnouncement;
import dev.atmosphere.schemas.CapabilityType;
import dev.atmosphere.schemas.Intent;
import dev.atmosphere.schemas.IntentConstraints;
import dev.atmosphere.schemas.IntentKind;
import dev.atmosphere.schemas.NodeStatus;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScorerTest {

  private static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");
  private static final float[] X = {1, 0, 0};
  private static final float[] XY = {(float) Math.sqrt(0.5), (float) Math.sqrt(0.5), 0};
  private static final float[] Z = {0, 0, 1};
  private final Scorer scorer = new Scorer(ScoringPolicy.defaults());

  private static Candidate candidate(String node, String id, CapabilityType type, float[] v, NodeStatus status) {
    return new Candidate(capability(node, id, type, id, "a capability").build(), status, List.of(v));
  }

  private static Candidate llm(String node, String id, float[] v) {
    return candidate(node, id, CapabilityType.LLM, v, alive(node, NOW).build());
  }

  private List<ScoredCandidate> score(Intent intent, Candidate... candidates) {
    return scorer.score(intent, X, List.of(candidates), NOW);
  }

  private static Intent chat() {
    return intent("i", IntentKind.CHAT, "question", NOW).setOriginNodeId("home").build();
  }

  @Test
  void shouldRankByBlendedSimilarityWhenAllElseIsEqual() {
    List<ScoredCandidate> scored = score(chat(), llm("a", "far", XY), llm("b", "near", X));

    assertThat(scored).extracting(ScoredCandidate::capabilityId).containsExactly("near", "far");
    assertThat(scored.get(0).similarity()).isEqualTo(1.0, org.assertj.core.data.Offset.offset(1e-6));
  }

  @Test
  void shouldSendNothingToANodeWhoseExecutorIsRestarting() {
    Candidate restarting = candidate("a", "restarting", CapabilityType.LLM, X,
        alive("a", NOW).setAcceptingWork(false).build());

    List<ScoredCandidate> scored = score(chat(), restarting, llm("b", "other", XY));

    assertThat(eligible(scored)).containsExactly("other");
    assertThat(scored).filteredOn(c -> c.capabilityId().equals("restarting")).extracting(ScoredCandidate::rejectReason)
        .containsExactly("node is not accepting work (its executor is restarting)");
  }

  @Test
  void shouldRejectBelowTheRelevanceThresholdUnlessTheCapabilityIsPinned() {
    assertThat(score(chat(), llm("a", "off-topic", Z)).get(0).rejectReason()).startsWith("similarity below threshold");

    Intent pinned = Intent.newBuilder(chat()).setPinnedCapabilityId("off-topic").build();
    assertThat(score(pinned, llm("a", "off-topic", Z), llm("a", "other", X)))
        .filteredOn(ScoredCandidate::eligible).extracting(ScoredCandidate::capabilityId).containsExactly("off-topic");
  }

  @Test
  void shouldSendARequestWithToolsOnlyToModelsThatCanCallThem() {
    Candidate blind = llm("a", "blind", X);
    blind.capability().getMetadata().setExtra(java.util.Map.of("tools", "false"));
    Candidate caller = llm("a", "caller", XY);
    caller.capability().getMetadata().setExtra(java.util.Map.of("tools", "true"));
    Candidate unknown = llm("a", "unknown", XY); // LlamaFarm projects do not declare it: not excluded

    List<ScoredCandidate> scored = score(Intent.newBuilder(chat()).setNeedsTools(true).build(), blind, caller, unknown);

    assertThat(eligible(scored)).containsExactlyInAnyOrder("caller", "unknown");
    assertThat(scored).filteredOn(c -> c.capabilityId().equals("blind")).extracting(ScoredCandidate::rejectReason)
        .containsExactly("the model cannot call tools");
    assertThat(eligible(score(chat(), blind))).containsExactly("blind");
  }

  @Test
  void shouldRejectACandidateWhoseVectorIsNotFiniteAndStillRankTheOthers() {
    float[] poisoned = {Float.NaN, 0, 0};

    List<ScoredCandidate> scored = score(chat(), llm("bad", "poisoned", poisoned), llm("a", "far", XY),
        llm("b", "near", X));

    assertThat(scored).filteredOn(ScoredCandidate::eligible).extracting(ScoredCandidate::capabilityId)
        .containsExactly("near", "far");
    assertThat(scored).filteredOn(s -> s.capabilityId().equals("poisoned")).singleElement()
        .satisfies(s -> assertThat(s.rejectReason()).isEqualTo("unusable vector (not finite)"));
  }

  @Test
  void shouldPreferTheLocalNodeByTheHopPenaltyWhenSimilarityTies() {
    List<ScoredCandidate> scored = score(chat(), llm("remote", "r", X), llm("home", "h", X));

    assertThat(scored.get(0).nodeId()).isEqualTo("home");
    assertThat(scored.get(1).hopFactor()).isEqualTo(0.95);
  }

  @Test
  void shouldBreakExactTiesByCapabilityIdThenNodeId() {
    List<ScoredCandidate> scored = score(chat(), llm("n2", "b", X), llm("n1", "b", X), llm("n3", "a", X));

    assertThat(scored).extracting(s -> s.nodeId() + "/" + s.capabilityId()).containsExactly("n3/a", "n1/b", "n2/b");
  }

  @Test
  void shouldPenaliseABusyNodeWhenItsExecutorIsSaturated() {
    Candidate busy = candidate("busy", "a", CapabilityType.LLM, X, alive("busy", NOW).setInFlight(4).setQueueDepth(3)
        .build());
    Candidate idle = candidate("idle", "b", CapabilityType.LLM, XY, alive("idle", NOW).setLoad(0.1).build());

    List<ScoredCandidate> scored = score(chat(), busy, idle);

    assertThat(scored.get(0).nodeId()).isEqualTo("idle");
    assertThat(scored.get(1).loadFactor()).isEqualTo(0.7);
    assertThat(scored.get(0).loadFactor()).isEqualTo(1.1);
  }

  @Test
  void shouldOnlyServeEmbedIntentsFromEmbeddingsCapabilitiesWithoutSemanticThreshold() {
    Intent embed = intent("e", IntentKind.EMBED, "anything", NOW).build();
    List<ScoredCandidate> scored = scorer.score(embed, null, List.of(llm("a", "llm", X),
        candidate("a", "emb", CapabilityType.EMBEDDINGS, Z, alive("a", NOW).build())), NOW);

    assertThat(scored).filteredOn(ScoredCandidate::eligible).extracting(ScoredCandidate::capabilityId)
        .containsExactly("emb");
    assertThat(scored).filteredOn(s -> !s.eligible()).extracting(ScoredCandidate::rejectReason)
        .containsExactly("type LLM cannot serve a EMBED intent");
  }

  @Test
  void shouldEnforceLocalOnlyResidencyAndBudgetAsHardFilters() {
    CapabilityAnnouncement paid = capability("home", "paid", CapabilityType.LLM, "paid", "cloud").build();
    paid.getResources().setCostPerToken(0.002);
    Candidate cloud = new Candidate(paid, alive("home", NOW).setDataResidency("US").build(), List.of(X));
    Candidate eu = candidate("eu-node", "eu", CapabilityType.LLM, XY, alive("eu-node", NOW).setDataResidency("EU")
        .build());

    Intent local = Intent.newBuilder(chat()).setConstraints(IntentConstraints.newBuilder().setLocalOnly(true).build())
        .build();
    Intent euOnly = Intent.newBuilder(chat()).setConstraints(IntentConstraints.newBuilder().setDataResidency("eu")
        .build()).build();
    Intent cheap = Intent.newBuilder(chat()).setConstraints(IntentConstraints.newBuilder().setMaxCostPerToken(0.001)
        .build()).build();

    assertThat(eligible(score(local, cloud, eu))).containsExactly("paid");
    assertThat(eligible(score(euOnly, cloud, eu))).containsExactly("eu");
    assertThat(eligible(score(cheap, cloud, eu))).containsExactly("eu");
  }

  @Test
  void shouldSayANodeDeclaresNoResidencyRatherThanPrintNull() {
    Candidate undeclared = candidate("home", "h", CapabilityType.LLM, X, alive("home", NOW).build());
    Candidate us = candidate("us-node", "us", CapabilityType.LLM, X, alive("us-node", NOW).setDataResidency("US")
        .build());
    Intent euOnly = Intent.newBuilder(chat()).setConstraints(IntentConstraints.newBuilder().setDataResidency("EU")
        .build()).build();

    assertThat(score(euOnly, undeclared, us)).extracting(ScoredCandidate::rejectReason)
        .containsExactlyInAnyOrder("declares no data residency (EU asked)", "residency US is not EU");
  }

  @Test
  void shouldExcludeNodesWithoutOrWithExpiredHeartbeats() {
    Candidate silent = candidate("silent", "s", CapabilityType.LLM, X, null);
    Candidate expired = candidate("old", "o", CapabilityType.LLM, X, alive("old", NOW.minusSeconds(60)).build());

    List<ScoredCandidate> scored = score(chat(), silent, expired);

    assertThat(scored).extracting(ScoredCandidate::rejectReason).containsExactlyInAnyOrder(
        "node has no heartbeat", "node heartbeat expired at " + NOW.minusSeconds(45));
  }

  @Test
  void shouldBoostLargeModelsAndFreeCapabilitiesWhenAsked() {
    CapabilityAnnouncement big = capability("a", "big", CapabilityType.LLM, "big", "x").build();
    big.getMetadata().setSizeParams("70B");
    Intent preferFree = Intent.newBuilder(chat()).setConstraints(IntentConstraints.newBuilder().setPreferFree(true)
        .build()).build();

    ScoredCandidate scored = score(preferFree, new Candidate(big, alive("a", NOW).build(), List.of(X))).get(0);

    assertThat(scored.sizeFactor()).isEqualTo(1.1);
    assertThat(scored.costFactor()).isEqualTo(1.3);
    assertThat(Scorer.billions("3.2B")).isEqualTo(3.2);
  }

  private static List<String> eligible(List<ScoredCandidate> scored) {
    return scored.stream().filter(ScoredCandidate::eligible).map(ScoredCandidate::capabilityId).toList();
  }

  @Test
  void shouldLearnTheSpecialistFromHowFarItStandsOutOfTheFieldNotFromKeywords() {
    float[] far = {0.2f, 0.98f, 0};
    List<Candidate> field = List.of(llm("a", "specialist", X), llm("b", "g1", far), llm("c", "g2", far),
        llm("d", "g3", far), llm("e", "g4", far));

    List<ScoredCandidate> scored = scorer.score(chat(), X, field, NOW);

    assertThat(scored).filteredOn(s -> s.capabilityId().equals("specialist")).singleElement()
        .satisfies(s -> assertThat(s.specialtyFactor()).isEqualTo(1.2));
    assertThat(scored).filteredOn(s -> s.capabilityId().startsWith("g")).allSatisfy(s ->
        assertThat(s.specialtyFactor()).isEqualTo(1.0));
    assertThat(score(chat(), llm("a", "x", X), llm("b", "y", far)))
        .as("no specialist in a field too small to judge").allSatisfy(s -> assertThat(s.specialtyFactor()).isEqualTo(1.0));
  }

  @Test
  void shouldBoostLargeModelsOnlyWhenTheIntentAsksForDepth() {
    CapabilityAnnouncement big = capability("a", "big", CapabilityType.LLM, "big", "x").build();
    big.getMetadata().setSizeParams("70B");
    Candidate candidate = new Candidate(big, alive("a", NOW).build(), List.of(X));

    assertThat(scorer.score(chat(), X, List.of(candidate), NOW, false).get(0).sizeFactor()).isEqualTo(1.0);
    assertThat(scorer.score(chat(), X, List.of(candidate), NOW, true).get(0).sizeFactor()).isEqualTo(1.1);
  }
}
