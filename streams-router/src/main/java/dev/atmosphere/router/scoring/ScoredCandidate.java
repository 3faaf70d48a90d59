package dev.atmosphere.router.scoring;

import dev.atmosphere.schemas.CandidateScore;

/** A candidate with its score breakdown, as carried in the RouteDecision. */
public record ScoredCandidate(Candidate candidate, CandidateScore score) {

  public boolean eligible() {
    return score.getEligible();
  }

  public double total() {
    return score.getScore();
  }
}
