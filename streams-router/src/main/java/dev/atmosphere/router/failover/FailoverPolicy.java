package dev.atmosphere.router.failover;

import java.time.Duration;

/**
 * How hard the router tries: attempts per intent (first try included), how long one attempt may take before it is
 * failed over, how often in-flight intents are checked, and when a failing node is ejected and for how long.
 * {@code startupGrace}: after the router (re)starts, heartbeats it could not verify while it was down look expired;
 * for this long a node is not declared dead for that alone (timeouts and deadlines still apply).
 * {@code heartbeatLapse}: a node whose heartbeat expired less than this long ago still gets work when no live node
 * can take it — its heartbeats may only be late (the router instance that verified them was just killed, or this one
 * is behind) — and an attempt on it waits for it as for any node that died with work outstanding.
 * {@code dedupRetention}: how long an answered intent id is remembered, so posting it again returns its terminal
 * result instead of running it twice.
 */
public record FailoverPolicy(int maxAttempts, Duration attemptTimeout, Duration checkInterval, int ejectAfterFailures,
    Duration ejectCoolDown, Duration startupGrace, Duration heartbeatLapse, Duration dedupRetention) {

  public static FailoverPolicy defaults() {
    return new FailoverPolicy(3, Duration.ofSeconds(150), Duration.ofMillis(500), 3, Duration.ofSeconds(30),
        Duration.ofSeconds(15), Duration.ofSeconds(10), Duration.ofHours(1));
  }
}
