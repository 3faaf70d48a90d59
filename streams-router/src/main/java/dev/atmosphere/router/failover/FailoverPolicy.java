package dev.atmosphere.router.failover;

import java.time.Duration;

/**
 * How hard the router tries: attempts per intent (first try included), how long one attempt may take before it is
 * failed over, how often in-flight intents are checked, and when a failing node is ejected and for how long.
 */
public record FailoverPolicy(int maxAttempts, Duration attemptTimeout, Duration checkInterval, int ejectAfterFailures,
    Duration ejectCoolDown) {

  public static FailoverPolicy defaults() {
    return new FailoverPolicy(3, Duration.ofSeconds(150), Duration.ofMillis(500), 3, Duration.ofSeconds(30));
  }
}
