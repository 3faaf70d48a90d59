package dev.atmosphere.gateway.images;

import java.net.Inet6Address;
import java.net.InetAddress;

/**
 * Which addresses the gateway may fetch an image URL from: public unicast only. Loopback, private (RFC 1918, IPv6
 * unique-local), link-local (cloud metadata at 169.254.169.254), carrier-grade NAT, wildcard and multicast are
 * refused — otherwise a request could make the node read its own admin pages or the LAN (server-side request forgery).
 */
public final class PublicAddresses {

  private PublicAddresses() {}

  public static boolean allowed(InetAddress a) {
    if (a.isLoopbackAddress() || a.isSiteLocalAddress() || a.isLinkLocalAddress() || a.isAnyLocalAddress()
        || a.isMulticastAddress()) {
      return false;
    }
    byte[] b = a.getAddress();
    if (a instanceof Inet6Address) {
      if ((b[0] & 0xfe) == 0xfc) { // fc00::/7 unique local
        return false;
      }
      if (isMappedV4(b)) {
        try {
          return allowed(InetAddress.getByAddress(java.util.Arrays.copyOfRange(b, 12, 16)));
        } catch (java.net.UnknownHostException e) {
          return false;
        }
      }
      return true;
    }
    int first = b[0] & 0xff;
    int second = b[1] & 0xff;
    return first != 0 && !(first == 100 && second >= 64 && second < 128) // 100.64/10 carrier-grade NAT
        && !(first == 198 && (second == 18 || second == 19)) && first < 224; // benchmarking, reserved
  }

  private static boolean isMappedV4(byte[] b) {
    for (int i = 0; i < 10; i++) {
      if (b[i] != 0) {
        return false;
      }
    }
    return (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
  }
}
