package dev.atmosphere.router.scoring;

import static dev.atmosphere.schemas.fixtures.Fixtures.alive;
import static dev.atmosphere.schemas.fixtures.Fixtures.capability;
import static dev.atmosphere.schemas.fixtures.Fixtures.intent;
import static org.assertj.core.api.Assertions.assertThat;

import dev.atmosphere.common.embed.Embedder;
import dev.atmosphere.common.embed.MiniLmEmbedder;
import dev.atmosphere.common.embed.TextParts;
import dev.atmosphere.router.RoutePlanner;
import dev.atmosphere.router.Routed;
import dev.atmosphere.schemas.CapabilityAnnouncement;
import dev.atmosphere.schemas.CapabilityType;
import dev.atmosphere.schemas.IntentKind;
import dev.atmosphere.schemas.topics.Topics;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A project that says nothing about itself but its (private) prompt is routed to by the prompt's announced parts. */
class AnnouncedFacetsTest {

  private static final Instant NOW = Instant.parse("2026-11-27T10:00:00Z");
  private static final Embedder EMBEDDER = new MiniLmEmbedder();
  private final RoutePlanner planner = new RoutePlanner(Topics.defaults(), new Scorer(ScoringPolicy.defaults()),
      EMBEDDER, 20, 0.05);

  private static CapabilityAnnouncement project(String id, String prompt, String model) {
    return capability("n1", id, CapabilityType.LLM, "project", "Assistant project. Llama 3.1 8B")
        .setEmbedding(floats(EMBEDDER.embed(prompt)))
        .setFacetEmbeddings(TextParts.of(prompt, true).stream().map(p -> floats(EMBEDDER.embed(p))).toList())
        .setEmbeddingModel(model).build();
  }

  private static List<Float> floats(float[] v) {
    List<Float> out = new ArrayList<>(v.length);
    for (float f : v) {
      out.add(f);
    }
    return out;
  }

  @Test
  void shouldRouteByThePartsOfAPromptWhenTheDescriptionSaysNothing() {
    CapabilityAnnouncement hr = project("llamafarm:llm:a/hr", "You answer employees' questions from the handbook: "
        + "vacation, sick leave, parental leave, expenses and the code of conduct.", EMBEDDER.modelId());
    CapabilityAnnouncement kitchen = project("llamafarm:llm:a/kitchen", "You are a cooking assistant. Recipes, "
        + "substitutions, baking times, meal plans and what to do with leftovers.", EMBEDDER.modelId());
    List<Candidate> table = List.of(planner.candidate(hr, alive("n1", NOW).build()),
        planner.candidate(kitchen, alive("n1", NOW).build()));

    Routed routed = planner.plan(intent("i1", IntentKind.CHAT, "can I swap butter for oil in a cake", NOW)
        .setOriginNodeId("n2").build(), table, NOW);

    assertThat(routed.work().getCapabilityId()).isEqualTo("llamafarm:llm:a/kitchen");
    assertThat(planner.vectors(kitchen)).as("description facets + the whole prompt + its parts")
        .hasSize(CapabilityFacets.of(kitchen).size() + 1 + kitchen.getFacetEmbeddings().size());
  }

  @Test
  void shouldIgnoreAnnouncedVectorsOfAnotherEmbeddingModel() {
    CapabilityAnnouncement other = project("llamafarm:llm:a/x", "You are a cooking assistant. Recipes and baking.",
        "bge-small-en-v1.5");

    assertThat(planner.vectors(other)).hasSize(CapabilityFacets.of(other).size());
  }
}
