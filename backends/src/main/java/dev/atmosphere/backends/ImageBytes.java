package dev.atmosphere.backends;

import dev.atmosphere.common.http.HttpFailure;
import dev.atmosphere.common.http.JsonHttp;
import dev.atmosphere.schemas.ImagePart;
import dev.atmosphere.schemas.sign.Sha256;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Base64;

/**
 * The bytes of an image a unit carries: inline, or fetched from the posting node's claim check — exactly as many
 * bytes as announced and with the announced SHA-256, or the unit fails. Errors name the image by digest and the
 * node by host, never by the claim URL (its id is the key to the image).
 */
final class ImageBytes {

  private ImageBytes() {}

  static byte[] of(ImagePart part, JsonHttp http, Duration timeout) {
    byte[] bytes;
    if (part.getData() != null) {
      ByteBuffer data = part.getData().duplicate();
      bytes = new byte[data.remaining()];
      data.get(bytes);
    } else if (part.getClaimUrl() != null) {
      try {
        bytes = http.getBytes(part.getClaimUrl(), part.getSizeBytes(), timeout);
      } catch (HttpFailure e) {
        throw new HttpFailure(e.kind(), e.status(), "image " + shortDigest(part) + " could not be fetched from "
            + URI.create(part.getClaimUrl()).getAuthority() + ": " + e.kind()
            + (e.status() == null ? "" : " " + e.status()), null);
      }
    } else {
      throw new HttpFailure(HttpFailure.Kind.INVALID_REQUEST, null, "image " + shortDigest(part)
          + " has neither data nor a claim URL", null);
    }
    if (bytes.length != part.getSizeBytes() || !sha256(bytes).equals(part.getSha256())) {
      throw new HttpFailure(HttpFailure.Kind.BAD_RESPONSE, null, "image " + shortDigest(part)
          + " does not match its digest or size", null);
    }
    return bytes;
  }

  static String base64(ImagePart part, JsonHttp http, Duration timeout) {
    return Base64.getEncoder().encodeToString(of(part, http, timeout));
  }

  private static String shortDigest(ImagePart part) {
    String d = part.getSha256();
    return "sha256:" + (d.length() > 12 ? d.substring(0, 12) : d);
  }

  private static String sha256(byte[] bytes) {
    return Sha256.hex(bytes);
  }
}
