package dev.atmosphere.router.scoring;

import dev.atmosphere.common.embed.Embedder;
import dev.atmosphere.schemas.CapabilityAnnouncement;
import dev.atmosphere.schemas.CapabilityType;
import dev.atmosphere.schemas.Intent;
import dev.atmosphere.schemas.IntentKind;
import java.time.Instant;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What a person expects when no capability is relevant enough: "what is the capital of France?" on a mesh of
 * specialists is answered by the most general-purpose LLM there, not refused. Only CHAT intents that are not pinned
 * fall back, only to capabilities that failed on relevance alone (every hard constraint still holds): LLMs, or — on a
 * mesh without one that qualifies, as on a laptop with only LlamaFarm RAG projects — a RAG project or agent, whose
 * model answers the chat without searching its documents (a CHAT intent's work runs with RAG off). The choice is the
 * capability that is closest, on average, to a spread of everyday requests — a general assistant or a plain model
 * sits near all of them, a coder or a translator near few. {@code general: true} in a capability's metadata
 * declares it outright.
 */
public final class GeneralFallback {

  /** Everyday requests of many kinds; a general model is relevant to all of them, a specialist to few. */
  static final List<String> EVERYDAY = List.of("what is the capital of France", "tell me a joke",
      "explain how rainbows form", "write a short poem about the sea", "give me ideas for a birthday party",
      "how do I cook rice", "help me write a polite email to decline an invitation",
      "what should I look for when buying a laptop", "summarize the plot of a famous novel",
      "answer general knowledge questions");

  private static final String THRESHOLD_REASON = "similarity below threshold";

  private final Scorer unthresholded;
  private final Embedder embedder;
  private volatile List<float[]> everyday; // embedded once, on the first fallback

  public GeneralFallback(ScoringPolicy policy, Embedder embedder) {
    this.unthresholded = new Scorer(policy.withRelevanceThreshold(-1));
    this.embedder = embedder;
  }

  private List<float[]> everyday() {
    List<float[]> v = everyday;
    if (v == null) {
      v = EVERYDAY.stream().map(embedder::embed).toList();
      everyday = v;
    }
    return v;
  }

  /** The fallback among {@code scored} (all ineligible), with its generality as its similarity, or empty. */
  public Optional<ScoredCandidate> choose(Intent intent, List<ScoredCandidate> scored, Instant now) {
    if (intent.getKind() != IntentKind.CHAT || intent.getPinnedCapabilityId() != null) {
      return Optional.empty();
    }
    List<float[]> everyday = everyday();
    for (Set<CapabilityType> types : PREFERENCE) {
      Optional<ScoredCandidate> best = scored.stream()
          .filter(s -> s.rejectReason() != null && s.rejectReason().startsWith(THRESHOLD_REASON))
          .filter(s -> types.contains(s.candidate().capability().getType()))
          .map(s -> rescore(intent, s.candidate(), generality(s.candidate(), everyday), now, types))
          .filter(ScoredCandidate::eligible)
          .max(Comparator.comparingDouble(ScoredCandidate::total)
              .thenComparing(ScoredCandidate::capabilityId, Comparator.reverseOrder()));
      if (best.isPresent()) {
        return best;
      }
    }
    return Optional.empty();
  }

  /** Plain LLMs first; a RAG project's or an agent's model only when no LLM qualifies. */
  private static final List<Set<CapabilityType>> PREFERENCE = List.of(EnumSet.of(CapabilityType.LLM),
      EnumSet.of(CapabilityType.RAG, CapabilityType.AGENT));

  /** What the route says of a fallback: an LLM, or a RAG project's or agent's model when no LLM qualified. */
  public static String reason(double threshold, ScoredCandidate chosen) {
    CapabilityType type = chosen.candidate().capability().getType();
    return String.format(java.util.Locale.ROOT, "fallback: nothing above threshold %.2f; most general %s chosen "
        + "(generality %.3f)", threshold, type == CapabilityType.LLM ? "LLM"
        : "capability (no LLM qualified: a " + type + " model, asked without its documents)", chosen.similarity());
  }

  static double generality(Candidate c, List<float[]> everyday) {
    CapabilityAnnouncement cap = c.capability();
    if ("true".equalsIgnoreCase(cap.getMetadata().getExtra().getOrDefault("general", ""))) {
      return 1.0;
    }
    double sum = 0;
    for (float[] request : everyday) {
      sum += Scorer.facetSimilarity(request, c.facets());
    }
    return Math.max(0, sum / everyday.size());
  }

  private ScoredCandidate rescore(Intent intent, Candidate c, double generality, Instant now,
      Set<CapabilityType> types) {
    return unthresholded.scoreOne(intent, generality, 0, c, now, types, false, false);
  }
}
