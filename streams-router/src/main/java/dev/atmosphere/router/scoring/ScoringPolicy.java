package dev.atmosphere.router.scoring;

/**
 * The tunable numbers of scoring v1 (the design's algorithm). The relevance threshold is calibrated for
 * all-MiniLM-L6-v2 on the labeled intents of RoutingEvaluation (every correct capability clears 0.12 there),
 * not the design's 0.7, which this model never reaches for natural intents.
 */
public record ScoringPolicy(
    double relevanceThreshold,
    double hopPenalty,
    double largeModelBoost,
    double largeModelMinBillions,
    double specialtyBoost,
    double busyLoad,
    double busyFactor,
    double idleLoad,
    double idleFactor,
    double freeBoost,
    double paidPenalty) {

  public static final double DEFAULT_RELEVANCE_THRESHOLD = 0.12;

  public ScoringPolicy {
    if (relevanceThreshold < -1 || relevanceThreshold > 1) {
      throw new IllegalArgumentException("relevanceThreshold must be within [-1, 1], was " + relevanceThreshold);
    }
  }

  public static ScoringPolicy defaults() {
    return withThreshold(DEFAULT_RELEVANCE_THRESHOLD);
  }

  public ScoringPolicy withRelevanceThreshold(double threshold) {
    return new ScoringPolicy(threshold, hopPenalty, largeModelBoost, largeModelMinBillions, specialtyBoost, busyLoad,
        busyFactor, idleLoad, idleFactor, freeBoost, paidPenalty);
  }

  public static ScoringPolicy withThreshold(double threshold) {
    return new ScoringPolicy(threshold, 0.95, 1.1, 30, 1.2, 0.8, 0.7, 0.3, 1.1, 1.3, 0.8);
  }
}
