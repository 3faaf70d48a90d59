package dev.atmosphere.router.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.atmosphere.common.embed.Embedder;
import dev.atmosphere.router.scoring.Candidate;
import dev.atmosphere.router.scoring.CapabilityFacets;
import dev.atmosphere.router.scoring.ScoredCandidate;
import dev.atmosphere.router.scoring.Scorer;
import dev.atmosphere.schemas.CapabilityAnnouncement;
import dev.atmosphere.schemas.CapabilityConstraints;
import dev.atmosphere.schemas.CapabilityMetadata;
import dev.atmosphere.schemas.CapabilityResources;
import dev.atmosphere.schemas.CapabilityType;
import dev.atmosphere.schemas.Intent;
import dev.atmosphere.schemas.IntentConstraints;
import dev.atmosphere.schemas.IntentKind;
import dev.atmosphere.schemas.NodeMode;
import dev.atmosphere.schemas.NodeStatus;
import dev.atmosphere.schemas.Provider;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Measures routing quality on a labeled set: a realistic catalogue of capabilities (RAG projects for legal,
 * clinical, finance, docs and HR, a coder, general chat models of two sizes, a translator, a vision model,
 * embeddings) and natural intents each labeled with the capabilities a person would accept. Reports top-1
 * accuracy, the misses, and where correct answers' similarities sit relative to the relevance threshold.
 */
public final class RoutingEvaluation {

  /** One labeled intent's outcome. */
  public record Case(String text, List<String> expected, String chosen, double expectedSimilarity) {
    public boolean correct() {
      return chosen != null && expected.contains(chosen);
    }
  }

  /** All outcomes of one run. */
  public record Report(List<Case> cases) {
    public double accuracy() {
      return cases.stream().filter(Case::correct).count() / (double) cases.size();
    }

    public List<Case> misses() {
      return cases.stream().filter(c -> !c.correct()).toList();
    }

    /** Share of intents whose best correct capability clears {@code threshold}. */
    public double recallAt(double threshold) {
      return cases.stream().filter(c -> c.expectedSimilarity() >= threshold).count() / (double) cases.size();
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  private RoutingEvaluation() {}

  public static Report run(Embedder embedder, Scorer scorer) {
    List<CapabilityAnnouncement> catalogue = catalogue();
    Instant now = Instant.parse("2026-11-24T10:00:00Z");
    NodeStatus status = NodeStatus.newBuilder().setNodeId("eval").setMode(NodeMode.PARTICIPANT).setLoad(0.5)
        .setQueueDepth(0).setInFlight(0).setMaxConcurrent(4).setWorkTopic("atmosphere.work.eval").setReportedAt(now)
        .setExpiresAt(now.plusSeconds(60)).setSequence(1).build();
    List<Candidate> candidates = new ArrayList<>();
    for (CapabilityAnnouncement cap : catalogue) {
      candidates.add(new Candidate(cap, status, CapabilityFacets.of(cap).stream().map(embedder::embed).toList()));
    }
    List<Case> cases = new ArrayList<>();
    for (JsonNode labeled : read("/eval/intents.json")) {
      String text = labeled.get("text").asText();
      List<String> expected = new ArrayList<>();
      labeled.get("expect").forEach(e -> expected.add(e.asText()));
      Intent intent = Intent.newBuilder().setIntentId("eval").setOriginNodeId("elsewhere").setKind(IntentKind.CHAT)
          .setText(text).setConstraints(IntentConstraints.newBuilder().build()).setCreatedAt(now).build();
      List<ScoredCandidate> scored = scorer.score(intent, embedder.embed(text), candidates, now);
      Optional<ScoredCandidate> best = scored.stream().filter(ScoredCandidate::eligible).findFirst();
      double expectedSimilarity = scored.stream()
          .filter(s -> expected.contains(s.capabilityId()))
          .mapToDouble(s -> s.similarity()).max().orElse(-1);
      cases.add(new Case(text, expected, best.map(b -> b.capabilityId()).orElse(null), expectedSimilarity));
    }
    return new Report(cases);
  }

  public static List<CapabilityAnnouncement> catalogue() {
    List<CapabilityAnnouncement> out = new ArrayList<>();
    for (JsonNode c : read("/eval/catalogue.json")) {
      String id = c.get("id").asText();
      out.add(CapabilityAnnouncement.newBuilder()
          .setCapabilityId(id)
          .setNodeId("eval")
          .setType(CapabilityType.valueOf(c.get("type").asText()))
          .setName(c.get("name").asText())
          .setDescription(c.get("description").asText())
          .setMetadata(CapabilityMetadata.newBuilder()
              .setProvider(id.startsWith("ollama") ? Provider.OLLAMA : Provider.LLAMAFARM)
              .setTarget(id.substring(id.indexOf(':', id.indexOf(':') + 1) + 1))
              .setSizeParams(c.path("size").asText(null)).setExtra(Map.of()).build())
          .setResources(CapabilityResources.newBuilder().build())
          .setConstraints(CapabilityConstraints.newBuilder().build())
          .setAnnouncedAt(Instant.EPOCH)
          .setSequence(1)
          .build());
    }
    return out;
  }

  private static JsonNode read(String resource) {
    try (InputStream in = RoutingEvaluation.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(resource + " is not on the classpath");
      }
      return JSON.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
