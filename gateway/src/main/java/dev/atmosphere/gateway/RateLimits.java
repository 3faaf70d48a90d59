package dev.atmosphere.gateway;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A token bucket per caller (API key, or the node as a whole): {@code perMinute} requests a minute, refilled
 * continuously, bursts up to a minute's worth. Time comes from the injected clock.
 */
final class RateLimits {

  private record Bucket(double tokens, long atMillis) {}

  private static final int MAX_CALLERS = 10_000;

  private final int perMinute;
  private final Clock clock;
  private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

  RateLimits(int perMinute, Clock clock) {
    this.perMinute = perMinute;
    this.clock = clock;
  }

  /** Takes one token for {@code caller}: 0 when granted, else the seconds until one is available. */
  long take(String caller) {
    long now = clock.millis();
    if (buckets.size() > MAX_CALLERS) {
      buckets.clear(); // bounded memory; forgetting buckets only ever grants more
    }
    double[] wait = {0};
    buckets.compute(caller, (k, b) -> {
      double tokens = b == null ? perMinute : Math.min(perMinute, b.tokens() + (now - b.atMillis()) * perMinute / 60_000.0);
      if (tokens >= 1) {
        return new Bucket(tokens - 1, now);
      }
      wait[0] = (1 - tokens) * 60.0 / perMinute;
      return new Bucket(tokens, now);
    });
    return wait[0] == 0 ? 0 : Math.max(1, (long) Math.ceil(wait[0]));
  }
}
