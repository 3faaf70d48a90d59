package dev.atmosphere.gateway;

import dev.atmosphere.common.config.Settings;
import dev.atmosphere.gateway.images.ImagePolicy;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Who may use the local API, read from the node's config and validated at start. A page in the user's browser
 * can post to {@code 127.0.0.1} without a CORS preflight, and a rebinding DNS name can even read the answer — so
 * the lock admits only loopback (and configured) {@code Host} names, no foreign {@code Origin} unless listed, and
 * JSON bodies only. API keys ({@code gateway.api_keys}: {@code sha256:<hex>} digests, or plain keys hashed at
 * start and never kept) are required whenever the API binds beyond loopback or {@code privacy.require_auth} is on.
 */
public record GatewayLock(Set<String> allowedHosts, Set<String> allowedOrigins, List<byte[]> keyDigests,
    boolean keysRequired, int requestsPerMinute, long maxBodyBytes, ImagePolicy images) {

  public GatewayLock(Set<String> allowedHosts, Set<String> allowedOrigins, List<byte[]> keyDigests,
      boolean keysRequired, int requestsPerMinute, long maxBodyBytes) {
    this(allowedHosts, allowedOrigins, keyDigests, keysRequired, requestsPerMinute, maxBodyBytes,
        ImagePolicy.defaults());
  }

  public static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "::1", "[::1]");

  /** Open to loopback callers only, no keys: what tests and the standalone node use when nothing is configured. */
  public static GatewayLock loopbackDefaults() {
    return new GatewayLock(LOOPBACK, Set.of(), List.of(), false, 600, 8L << 20);
  }

  public static GatewayLock from(Settings s, String bindHost) {
    Set<String> hosts = new LinkedHashSet<>(LOOPBACK);
    hosts.addAll(s.get(GatewayKeys.ALLOWED_HOSTS));
    boolean beyondLoopback = !LOOPBACK.contains(bindHost);
    if (beyondLoopback && !bindHost.equals("0.0.0.0") && !bindHost.equals("::")) {
      hosts.add(bindHost.toLowerCase());
    }
    List<byte[]> digests = new ArrayList<>();
    String apiKeys = GatewayKeys.API_KEYS.name();
    for (String key : s.get(GatewayKeys.API_KEYS)) {
      if (key.startsWith("sha256:")) {
        String hex = key.substring("sha256:".length());
        if (!hex.matches("[0-9a-fA-F]{64}")) {
          s.reject(apiKeys, "sha256: entries need 64 hex digits (the SHA-256 of the key)");
          continue;
        }
        digests.add(HexFormat.of().parseHex(hex));
      } else if (key.length() < 16) {
        s.reject(apiKeys, "plain keys need at least 16 characters");
      } else {
        digests.add(digest(key));
      }
    }
    boolean required = beyondLoopback || s.get(dev.atmosphere.common.config.CommonKeys.REQUIRE_AUTH);
    if (required && digests.isEmpty()) {
      s.reject(apiKeys, "needs at least one key: the API " + (beyondLoopback
          ? "binds beyond loopback (gateway.host " + bindHost + ")" : "requires auth (privacy.require_auth)"));
    }
    return new GatewayLock(Set.copyOf(hosts), Set.copyOf(s.get(GatewayKeys.CORS_ORIGINS)), List.copyOf(digests),
        required || !digests.isEmpty(), s.get(GatewayKeys.RATE_LIMIT), s.get(GatewayKeys.MAX_BODY_BYTES),
        ImagePolicy.from(s));
  }

  /** Whether {@code key} is one of the configured keys (constant-time per digest). */
  public boolean accepts(String key) {
    byte[] d = digest(key);
    boolean ok = false;
    for (byte[] known : keyDigests) {
      ok |= MessageDigest.isEqual(known, d);
    }
    return ok;
  }

  static byte[] digest(String key) {
    return dev.atmosphere.schemas.sign.Sha256.of(key.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public String toString() { // never print key digests
    return "GatewayLock[hosts=" + allowedHosts + ", origins=" + allowedOrigins + ", keys=" + keyDigests.size()
        + ", required=" + keysRequired + ", perMinute=" + requestsPerMinute + "]";
  }
}
