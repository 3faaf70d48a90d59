package dev.atmosphere.gateway.images;

import dev.atmosphere.common.config.Settings;
import java.time.Duration;

/**
 * What images the gateway accepts and how they travel, validated at start. An image up to {@code inlineMaxBytes}
 * rides inside the intent; a larger one is claim-checked (kept on this node, fetched by the executing node), so a
 * topic never carries more than a few hundred KiB of pixels per record. http(s) image URLs are fetched only when
 * {@code gateway.images.fetch_urls} allows it, and never from private or loopback addresses.
 *
 * @param maxImageBytes largest image accepted (413 beyond)
 * @param maxRequestBytes all images of one request together
 * @param inlineMaxBytes images up to this size travel inline in the intent
 * @param claimCheckMaxBytes all claim-checked images this node keeps at once (503 beyond)
 * @param fetchUrls whether http(s) image URLs are fetched by the gateway
 * @param fetchTimeout limit of one such fetch
 * @param advertisedUrl base URL other nodes fetch claim checks from; null = the gateway's own host and port
 */
public record ImagePolicy(long maxImageBytes, long maxRequestBytes, long inlineMaxBytes, long claimCheckMaxBytes,
    boolean fetchUrls, Duration fetchTimeout, String advertisedUrl) {

  public static ImagePolicy defaults() {
    return new ImagePolicy(5L << 20, 20L << 20, 256L << 10, 256L << 20, false, Duration.ofSeconds(10), null);
  }

  public static ImagePolicy from(Settings s) {
    ImagePolicy d = defaults();
    long max = s.intIn("gateway.images.max_bytes", (int) d.maxImageBytes(), 1024, 256 << 20);
    long perRequest = s.intIn("gateway.images.max_request_bytes", (int) d.maxRequestBytes(), 1024, 1 << 30);
    if (perRequest < max) {
      s.reject("gateway.images.max_request_bytes", "must be at least gateway.images.max_bytes (" + max + ")");
    }
    String advertised = s.optional("gateway.advertised_url").orElse(null);
    if (advertised != null && !advertised.matches("https?://[^/\\s]+/?")) {
      s.reject("gateway.advertised_url", "must be http(s)://host:port, the address other nodes reach this one at");
    }
    return new ImagePolicy(max, perRequest,
        s.intIn("gateway.images.inline_max_bytes", (int) d.inlineMaxBytes(), 0, 768 << 10),
        s.intIn("gateway.images.claim_check_max_bytes", (int) d.claimCheckMaxBytes(), 1 << 20, Integer.MAX_VALUE),
        s.bool("gateway.images.fetch_urls", false),
        s.duration("gateway.images.fetch_timeout", d.fetchTimeout()),
        advertised == null ? null : advertised.replaceAll("/$", ""));
  }

  /** Where other nodes reach this one: {@code gateway.advertised_url}, else the bound host and port. */
  public static String advertisedUrl(ImagePolicy policy, String host, int port) {
    if (policy.advertisedUrl() != null) {
      return policy.advertisedUrl();
    }
    String bound = host.equals("0.0.0.0") || host.equals("::") ? "127.0.0.1" : host;
    return "http://" + (bound.contains(":") && !bound.startsWith("[") ? "[" + bound + "]" : bound) + ":" + port;
  }
}
