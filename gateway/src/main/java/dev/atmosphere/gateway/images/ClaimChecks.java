package dev.atmosphere.gateway.images;

import dev.atmosphere.gateway.GatewayError;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Images too large to ride in an intent, kept on the node that received them until the intent has its answer. Each
 * is stored once under a random 128-bit id — the id in the claim URL is the only key to it, so the executing node
 * needs no API key — and dropped when the gateway forgets the intent or, at the latest, after the intent's timeout.
 * Bounded in total size: a full store answers 503 instead of growing without limit.
 */
public final class ClaimChecks {

  /** One stored image. */
  public record Stored(byte[] bytes, String mediaType, String intentId, Instant expiresAt) {}

  private static final SecureRandom RANDOM = new SecureRandom();

  private final Map<String, Stored> byId = new ConcurrentHashMap<>();
  private final AtomicLong bytes = new AtomicLong();
  private final AtomicLong served = new AtomicLong();
  private final long maxBytes;
  private final Clock clock;

  public ClaimChecks(long maxBytes, Clock clock) {
    this.maxBytes = maxBytes;
    this.clock = clock;
  }

  /** Keeps {@code image} for {@code intentId} until {@link #release} or {@code ttl}; returns its id. */
  public String put(byte[] image, String mediaType, String intentId, Duration ttl) {
    sweep();
    if (bytes.addAndGet(image.length) > maxBytes) {
      bytes.addAndGet(-image.length);
      throw new GatewayError(503, "server_error", null, "claim_checks_full", "this node holds " + maxBytes
          + " bytes of images for requests in flight; retry when they finish (gateway.images.claim_check_max_bytes)");
    }
    byte[] id = new byte[16];
    RANDOM.nextBytes(id);
    String key = HexFormat.of().formatHex(id);
    byId.put(key, new Stored(image, mediaType, intentId, clock.instant().plus(ttl)));
    return key;
  }

  /** The image under {@code id}, or null when unknown, released or expired. */
  public Stored get(String id) {
    Stored s = id == null ? null : byId.get(id);
    if (s == null || !s.expiresAt().isAfter(clock.instant())) {
      return null;
    }
    served.incrementAndGet();
    return s;
  }

  /** Drops every image of {@code intentId}: it has its answer (or its caller gave up). */
  public void release(String intentId) {
    byId.entrySet().removeIf(e -> {
      boolean mine = e.getValue().intentId().equals(intentId);
      if (mine) {
        bytes.addAndGet(-e.getValue().bytes().length);
      }
      return mine;
    });
  }

  public int size() {
    return byId.size();
  }

  /** How many times an image was handed out (a claim check is fetched once per attempt). */
  public long served() {
    return served.get();
  }

  private void sweep() {
    Instant now = clock.instant();
    byId.entrySet().removeIf(e -> {
      boolean expired = !e.getValue().expiresAt().isAfter(now);
      if (expired) {
        bytes.addAndGet(-e.getValue().bytes().length);
      }
      return expired;
    });
  }
}
