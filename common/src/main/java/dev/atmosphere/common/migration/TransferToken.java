package dev.atmosphere.common.migration;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The short-lived permission a serving node gives one requesting node to fetch one migration's bytes:
 * {@code <migration>.<requester>.<expiry>.<HMAC-SHA256>} under a secret that never leaves the serving node's memory.
 * A token for another migration, another node, past its expiry, or altered in any way is refused.
 */
public final class TransferToken {

  private final byte[] secret;

  public TransferToken(byte[] secret) {
    this.secret = secret.clone();
  }

  /** A serving node's signer with a fresh random secret (tokens do not outlive the process, nor need to). */
  public static TransferToken random() {
    byte[] s = new byte[32];
    new SecureRandom().nextBytes(s);
    return new TransferToken(s);
  }

  /**
   * A serving node's signer whose secret is kept in {@code keyFile} (owner read/write only), created on first use: the
   * tokens a node issued stay valid when it restarts, so transfers in flight resume instead of failing.
   */
  public static TransferToken persisted(java.nio.file.Path keyFile) {
    try {
      if (!java.nio.file.Files.exists(keyFile)) {
        java.nio.file.Files.createDirectories(keyFile.getParent());
        byte[] s = new byte[32];
        new SecureRandom().nextBytes(s);
        java.nio.file.Files.write(keyFile, s);
        if (java.nio.file.FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
          java.nio.file.Files.setPosixFilePermissions(keyFile,
              java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        }
      }
      byte[] secret = java.nio.file.Files.readAllBytes(keyFile);
      if (secret.length < 32) {
        throw new IllegalStateException("the migration token key " + keyFile + " is too short; delete it");
      }
      return new TransferToken(secret);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("cannot read or create the migration token key " + keyFile, e);
    }
  }

  public String issue(String migrationId, String requester, Instant expiresAt) {
    String body = encode(migrationId) + "." + encode(requester) + "." + expiresAt.getEpochSecond();
    return body + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(mac(body));
  }

  /** Whether {@code token} lets {@code requester} fetch {@code migrationId}'s bytes at {@code now}. */
  public boolean permits(String token, String migrationId, String requester, Instant now) {
    if (token == null) {
      return false;
    }
    int last = token.lastIndexOf('.');
    if (last < 0) {
      return false;
    }
    String body = token.substring(0, last);
    byte[] given;
    try {
      given = Base64.getUrlDecoder().decode(token.substring(last + 1));
    } catch (IllegalArgumentException e) {
      return false;
    }
    if (!MessageDigest.isEqual(mac(body), given)) {
      return false;
    }
    String[] parts = body.split("\\.");
    try {
      return parts.length == 3 && parts[0].equals(encode(migrationId)) && parts[1].equals(encode(requester))
          && Long.parseLong(parts[2]) > now.getEpochSecond();
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private byte[] mac(String body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      return mac.doFinal(body.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is in every Java runtime", e);
    }
  }

  private static String encode(String s) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }
}
