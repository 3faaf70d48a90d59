package dev.atmosphere.common.config;

import dev.atmosphere.common.identity.NodeIdentity;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;

/**
 * Which node a process speaks for, from {@code node.name} (default: the host name), {@code identity.dir} (default
 * {@code ~/.atmosphere/identity}) and {@code mesh.join.code}: the node agent and a stand-alone gateway load the same
 * key, so what either posts is signed in that node's name.
 */
public final class IdentityConfig {

  private IdentityConfig() {}

  public static NodeIdentity load(Settings s) {
    String name = s.get(CommonKeys.NODE_NAME, hostName());
    if (!dev.atmosphere.schemas.topics.NodeIds.PATTERN.matcher(name).matches() || name.length() > 80) {
      s.reject(CommonKeys.NODE_NAME.name(), "must be 1-80 characters of A-Z a-z 0-9 . _ -");
      s.validate();
    }
    Path dir = Path.of(s.get(CommonKeys.IDENTITY_DIR,
        Path.of(System.getProperty("user.home"), ".atmosphere", "identity").toString()));
    return NodeIdentity.loadOrCreate(dir, name, s.optional(CommonKeys.JOIN_CODE));
  }

  /** This machine's host name as a node name (lower case, other characters as dashes), or {@code node}. */
  public static String hostName() {
    try {
      String host = InetAddress.getLocalHost().getHostName().toLowerCase();
      String cleaned = host.replaceAll("[^a-z0-9._-]", "-");
      return cleaned.isEmpty() ? "node" : cleaned.substring(0, Math.min(100, cleaned.length()));
    } catch (UnknownHostException e) {
      return "node";
    }
  }
}
