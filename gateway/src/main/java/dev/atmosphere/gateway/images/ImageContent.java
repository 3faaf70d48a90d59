package dev.atmosphere.gateway.images;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atmosphere.gateway.GatewayError;
import dev.atmosphere.schemas.ImagePart;
import dev.atmosphere.schemas.sign.Sha256;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.Supplier;

/**
 * Reads the content of OpenAI chat messages — a string, or text and {@code image_url} parts — into text and
 * {@link ImagePart}s: data URLs decoded, http(s) URLs fetched when allowed, the media type taken from the bytes
 * themselves (PNG, JPEG, GIF, WebP), each image and the request's images together bounded (413 naming the part),
 * large images claim-checked on this node. One instance per request (it counts the request's bytes).
 */
public final class ImageContent {

  /** The text of a message and its images. */
  public record Read(String text, List<ImagePart> images) {}

  private final ImagePolicy policy;
  private final ImageFetcher fetcher;
  private final ClaimChecks claims;
  private final Supplier<String> baseUrl;
  private final String intentId;
  private final Duration ttl;
  private long requestBytes;

  /**
   * @param baseUrl this node's API address as other nodes reach it (claim URLs start with it)
   * @param ttl how long a claim check may live at most (the request's timeout)
   */
  public ImageContent(ImagePolicy policy, ImageFetcher fetcher, ClaimChecks claims, Supplier<String> baseUrl,
      String intentId, Duration ttl) {
    this.policy = policy;
    this.fetcher = fetcher;
    this.claims = claims;
    this.baseUrl = baseUrl;
    this.intentId = intentId;
    this.ttl = ttl;
  }

  /** @param field the JSON path of {@code content}, named in every error */
  public Read read(JsonNode content, String field) {
    if (content.isTextual()) {
      return new Read(content.asText(), List.of());
    }
    StringBuilder text = new StringBuilder();
    List<ImagePart> images = new ArrayList<>();
    if (content.isArray()) {
      for (int j = 0; j < content.size(); j++) {
        JsonNode part = content.get(j);
        String type = part.path("type").asText("");
        if (type.equals("text")) {
          text.append(text.length() > 0 ? "\n" : "").append(part.path("text").asText());
        } else if (type.equals("image_url")) {
          images.add(image(part.path("image_url"), field + "[" + j + "].image_url"));
        } else {
          throw GatewayError.badRequest(field + "[" + j + "].type", "content part type '" + type
              + "' is not supported; use text or image_url");
        }
      }
    }
    return new Read(text.toString(), List.copyOf(images));
  }

  private ImagePart image(JsonNode imageUrl, String field) {
    String url = imageUrl.isTextual() ? imageUrl.asText() : imageUrl.path("url").asText("");
    byte[] bytes;
    if (url.regionMatches(true, 0, "data:", 0, 5)) {
      bytes = decodeDataUrl(url, field);
    } else if (url.isEmpty()) {
      throw GatewayError.badRequest(field, "image_url needs a 'url'");
    } else if (!policy.fetchUrls()) {
      throw GatewayError.badRequest(field, "only data: image URLs are accepted; set gateway.images.fetch_urls: true "
          + "to let this node fetch public http(s) image URLs");
    } else {
      bytes = fetcher.fetch(url, policy.maxImageBytes(), field).bytes();
    }
    if (bytes.length > policy.maxImageBytes()) {
      throw new GatewayError(413, "invalid_request_error", field, "image_too_large", "image is " + bytes.length
          + " bytes; at most " + policy.maxImageBytes() + " are accepted (gateway.images.max_bytes)");
    }
    requestBytes += bytes.length;
    if (requestBytes > policy.maxRequestBytes()) {
      throw new GatewayError(413, "invalid_request_error", field, "images_too_large", "the request's images exceed "
          + policy.maxRequestBytes() + " bytes together (gateway.images.max_request_bytes)");
    }
    String mediaType = sniff(bytes);
    if (mediaType == null) {
      throw GatewayError.badRequest(field, "image is not a PNG, JPEG, GIF or WebP image");
    }
    ImagePart.Builder part = ImagePart.newBuilder().setMediaType(mediaType).setSha256(sha256(bytes))
        .setSizeBytes(bytes.length);
    if (bytes.length <= policy.inlineMaxBytes()) {
      return part.setData(ByteBuffer.wrap(bytes)).build();
    }
    String id = claims.put(bytes, mediaType, intentId, ttl);
    return part.setClaimUrl(baseUrl.get() + "/v1/atmosphere/images/" + id).build();
  }

  private static byte[] decodeDataUrl(String url, String field) {
    int comma = url.indexOf(',');
    String head = comma < 0 ? "" : url.substring(5, comma).toLowerCase(java.util.Locale.ROOT);
    if (comma < 0 || !head.endsWith(";base64")) {
      throw GatewayError.badRequest(field, "data URL must be data:<media type>;base64,<data>");
    }
    try {
      return Base64.getMimeDecoder().decode(url.substring(comma + 1));
    } catch (IllegalArgumentException e) {
      throw GatewayError.badRequest(field, "data URL holds invalid base64");
    }
  }

  /** The media type the bytes themselves say (magic numbers), or null when not one we pass on. */
  static String sniff(byte[] b) {
    if (starts(b, 0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a)) {
      return "image/png";
    }
    if (starts(b, 0xff, 0xd8, 0xff)) {
      return "image/jpeg";
    }
    if (starts(b, 'G', 'I', 'F', '8')) {
      return "image/gif";
    }
    if (b.length >= 12 && starts(b, 'R', 'I', 'F', 'F') && b[8] == 'W' && b[9] == 'E' && b[10] == 'B' && b[11] == 'P') {
      return "image/webp";
    }
    return null;
  }

  private static boolean starts(byte[] b, int... magic) {
    if (b.length < magic.length) {
      return false;
    }
    for (int i = 0; i < magic.length; i++) {
      if ((b[i] & 0xff) != magic[i]) {
        return false;
      }
    }
    return true;
  }

  public static String sha256(byte[] bytes) {
    return Sha256.hex(bytes);
  }
}
