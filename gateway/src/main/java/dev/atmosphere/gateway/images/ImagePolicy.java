package dev.atmosphere.gateway.images;

import dev.atmosphere.common.config.Settings;
import dev.atmosphere.gateway.GatewayKeys;
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
    long max = s.get(GatewayKeys.IMAGE_MAX_BYTES);
    long perRequest = s.get(GatewayKeys.IMAGES_PER_REQUEST_BYTES);
    if (perRequest < max) {
      s.reject(GatewayKeys.IMAGES_PER_REQUEST_BYTES.name(), "must be at least gateway.images.max_bytes (" + max + ")");
    }
    String advertised = s.optional(GatewayKeys.ADVERTISED_URL).orElse(null);
    if (advertised != null && !advertised.matches("https?://[^/\\s]+/?")) {
      s.reject(GatewayKeys.ADVERTISED_URL.name(),
          "must be http(s)://host:port, the address other nodes reach this one at");
    }
    return new ImagePolicy(max, perRequest, s.get(GatewayKeys.IMAGE_INLINE_MAX_BYTES),
        s.get(GatewayKeys.CLAIM_CHECK_MAX_BYTES), s.get(GatewayKeys.FETCH_IMAGE_URLS),
        s.get(GatewayKeys.IMAGE_FETCH_TIMEOUT),
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
