package dev.atmosphere.common.kafka;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The Kafka login of a home mesh: a machine that shares its embedded broker accepts, on the network, only clients
 * that log in (SASL/SCRAM-SHA-512) as {@value #USER} with a password derived from the mesh's join code — so the code
 * everyone already holds opens the broker, and nobody else on the network can read or write the topics. The derived
 * password is an HMAC of the code; the code itself never goes over the wire (SCRAM sends neither).
 */
public final class MeshCredential {

  public static final String USER = "atmosphere-mesh";
  public static final String MECHANISM = "SCRAM-SHA-512";

  private MeshCredential() {}

  /** The password the join code derives (hex of HMAC-SHA256 keyed by the code). */
  public static String password(String joinCode) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(joinCode.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal("atmosphere kafka login v1".getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }

  /** What a client sets to log in to a shared broker of this mesh. */
  public static Map<String, String> clientProperties(String joinCode) {
    return Map.of("security.protocol", "SASL_PLAINTEXT", "sasl.mechanism", MECHANISM,
        "sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + USER
            + "\" password=\"" + password(joinCode) + "\";");
  }
}
