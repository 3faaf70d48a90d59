package dev.atmosphere.router.affinity;

import dev.atmosphere.router.scoring.ScoredCandidate;
import dev.atmosphere.router.scoring.Scorer;
import java.util.List;
import java.util.Optional;

/** Picks the sticky candidate among the scored ones when the policy allows it (see {@link AffinityPolicy}). */
public final class Affinity {

  private Affinity() {}

  /**
   * The candidate serving {@code capabilityId} on {@code nodeId} when it is eligible, not load-penalised, and within
   * the tolerance of the best eligible score — or, when no candidate is relevant enough, when it was refused for that
   * alone (every hard constraint passed); otherwise empty (routing goes on as without affinity).
   */
  public static Optional<ScoredCandidate> sticky(List<ScoredCandidate> scored, String nodeId, String capabilityId,
      double tolerance) {
    Optional<ScoredCandidate> best = scored.stream().filter(ScoredCandidate::eligible).findFirst();
    if (best.isEmpty()) { // nothing is relevant on its own: a terse follow-up ("and then?") means what its conversation
      return scored.stream() // means, so the turn's node beats the general fallback — if only relevance refused it
          .filter(s -> s.nodeId().equals(nodeId) && s.capabilityId().equals(capabilityId) && !s.eligible()
              && s.rejectReason() != null && s.rejectReason().startsWith(Scorer.BELOW_THRESHOLD))
          .findFirst().map(s -> new ScoredCandidate(s.candidate(), true, null, s.similarity(), 1, 1, 1, 1, 1,
              s.similarity(), s.learned()));
    }
    return scored.stream()
        .filter(s -> s.eligible() && s.nodeId().equals(nodeId) && s.capabilityId().equals(capabilityId))
        .filter(s -> s.loadFactor() >= 1.0)
        .filter(s -> best.isPresent() && s.total() >= best.get().total() * (1 - tolerance))
        .findFirst();
  }
}
