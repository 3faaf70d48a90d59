package dev.atmosphere.router.prefetch;

import java.time.Duration;

/**
 * The design's predictive prefetching, off unless asked for ({@code router.prefetch.enabled}).
 *
 * @param enabled learn follow-ups and warm the cache
 * @param sessionGap a question more than this after the previous one starts a new session (no follow-up learned)
 * @param similarity how close a new question must be to a learned one for its follow-up to be predicted
 * @param minCount times a follow-up must have been seen before it is prefetched
 * @param maxTransitions follow-ups remembered per origin (the least seen are forgotten first)
 */
public record PrefetchPolicy(boolean enabled, Duration sessionGap, double similarity, int minCount,
    int maxTransitions) {

  public static PrefetchPolicy disabled() {
    return new PrefetchPolicy(false, Duration.ofMinutes(10), 0.9, 2, 200);
  }
}
