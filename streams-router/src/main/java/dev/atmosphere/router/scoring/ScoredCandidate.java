package dev.atmosphere.router.scoring;

import dev.atmosphere.schemas.CandidateScore;

/**
 * A candidate with its score breakdown. A plain record while scoring (tables reach 100k rows); converted to the
 * Avro {@link CandidateScore} only for the candidates a RouteDecision keeps.
 */
public record ScoredCandidate(
    Candidate candidate,
    boolean eligible,
    String rejectReason,
    double similarity,
    double hopFactor,
    double sizeFactor,
    double specialtyFactor,
    double loadFactor,
    double costFactor,
    double total,
    double learned) {

  /** A candidate no labeled example spoke for or against. */
  public ScoredCandidate(Candidate candidate, boolean eligible, String rejectReason, double similarity,
      double hopFactor, double sizeFactor, double specialtyFactor, double loadFactor, double costFactor, double total) {
    this(candidate, eligible, rejectReason, similarity, hopFactor, sizeFactor, specialtyFactor, loadFactor, costFactor,
        total, 0);
  }

  static ScoredCandidate rejected(Candidate c, double similarity, String reason) {
    return rejected(c, similarity, 0, reason);
  }

  static ScoredCandidate rejected(Candidate c, double similarity, double learned, String reason) {
    return new ScoredCandidate(c, false, reason, similarity, 1, 1, 1, 1, 1, 0, learned);
  }

  public String capabilityId() {
    return candidate.capability().getCapabilityId();
  }

  public String nodeId() {
    return candidate.capability().getNodeId();
  }

  public CandidateScore toAvro() {
    return CandidateScore.newBuilder()
        .setNodeId(nodeId())
        .setCapabilityId(capabilityId())
        .setEligible(eligible)
        .setRejectReason(rejectReason)
        .setSimilarity(similarity)
        .setLearned(learned)
        .setHopFactor(hopFactor)
        .setSizeFactor(sizeFactor)
        .setSpecialtyFactor(specialtyFactor)
        .setLoadFactor(loadFactor)
        .setCostFactor(costFactor)
        .setScore(total)
        .build();
  }
}
