package dev.atmosphere.router;

import dev.atmosphere.schemas.sign.Signatures;
import java.security.MessageDigest;
import java.util.Optional;
import java.util.Set;

/**
 * Who may announce: by default any node whose id is bound to its signing key (trust on first use — the id can
 * never be claimed by another key); optionally only node ids on an allow-list, and/or only nodes proving the mesh
 * join code. Records larger than {@code maxRecordBytes} are refused.
 */
public record TrustPolicy(Set<String> allowedNodes, Optional<String> joinCode, int maxRecordBytes) {

  public static TrustPolicy firstUse() {
    return new TrustPolicy(Set.of(), Optional.empty(), 65_536);
  }

  /** Null when trusted, otherwise why not. */
  public String check(String nodeId, byte[] publicKey, byte[] joinProof) {
    if (!allowedNodes.isEmpty() && !allowedNodes.contains(nodeId)) {
      return "node " + nodeId + " is not on the allow-list";
    }
    if (joinCode.isPresent()) {
      byte[] expected = Signatures.joinProof(joinCode.get(), publicKey);
      if (joinProof == null || !MessageDigest.isEqual(expected, joinProof)) {
        return "missing or wrong mesh join proof";
      }
    }
    return null;
  }

  /** Never print the join code. */
  @Override
  public String toString() {
    return "TrustPolicy[allowedNodes=" + allowedNodes + ", joinCode=" + (joinCode.isPresent() ? "***" : "none")
        + ", maxRecordBytes=" + maxRecordBytes + "]";
  }
}
