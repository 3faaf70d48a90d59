package dev.atmosphere.router.affinity;

import java.time.Duration;

/**
 * Multi-turn affinity: a follow-up of a conversation goes back to the node that answered its previous turn — its
 * model still holds the conversation's KV cache, which makes later turns many times faster (LlamaFarm ≥ 0.0.28
 * measures 14–22×) — unless that node fails a hard constraint, is overloaded, or scores more than {@code tolerance}
 * below the best candidate.
 *
 * @param enabled keep and use affinity at all ({@code router.affinity.enabled})
 * @param ttl how long a turn is remembered ({@code router.affinity.ttl}; KV caches do not live forever)
 * @param tolerance how much lower than the best a sticky candidate may score ({@code router.affinity.tolerance})
 */
public record AffinityPolicy(boolean enabled, Duration ttl, double tolerance) {

  public static AffinityPolicy defaults() {
    return new AffinityPolicy(true, Duration.ofMinutes(30), 0.25);
  }
}
