package dev.atmosphere.router.affinity;

import dev.atmosphere.router.scoring.ScoredCandidate;
import java.util.List;
import java.util.Optional;

/** Picks the sticky candidate among the scored ones when the policy allows it (see {@link AffinityPolicy}). */
public final class Affinity {

  private Affinity() {}

  /**
   * The candidate serving {@code capabilityId} on {@code nodeId} when it is eligible, not load-penalised, and within
   * the tolerance of the best eligible score; otherwise empty (routing goes on as without affinity).
   */
  public static Optional<ScoredCandidate> sticky(List<ScoredCandidate> scored, String nodeId, String capabilityId,
      double tolerance) {
    Optional<ScoredCandidate> best = scored.stream().filter(ScoredCandidate::eligible).findFirst();
    return scored.stream()
        .filter(s -> s.eligible() && s.nodeId().equals(nodeId) && s.capabilityId().equals(capabilityId))
        .filter(s -> s.loadFactor() >= 1.0)
        .filter(s -> best.isPresent() && s.total() >= best.get().total() * (1 - tolerance))
        .findFirst();
  }
}
