package dev.atmosphere.router.cache;

import java.time.Duration;

/**
 * How the semantic cache behaves. The similarity default (0.95) is the issue's; the bench ({@code ./atmosphere bench})
 * prints hit and false-hit rates at other thresholds on public paraphrase data and our near-miss pairs.
 *
 * @param enabled serve and store answers at all
 * @param similarity minimum cosine between a new intent and a cached one for a hit
 * @param ttl how long an answer is served
 * @param guard also require the texts to agree on numbers, named entities and negation
 * @param sweepInterval how often expired and invalidated entries are evicted from the topic
 */
public record CachePolicy(boolean enabled, double similarity, Duration ttl, boolean guard, Duration sweepInterval) {

  public static CachePolicy defaults() {
    return new CachePolicy(true, 0.95, Duration.ofHours(1), true, Duration.ofSeconds(10));
  }

  public static CachePolicy disabled() {
    return new CachePolicy(false, 0.95, Duration.ofHours(1), true, Duration.ofSeconds(10));
  }
}
