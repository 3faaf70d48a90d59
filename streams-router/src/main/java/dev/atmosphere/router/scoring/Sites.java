package dev.atmosphere.router.scoring;

import dev.atmosphere.schemas.CapabilityAnnouncement;
import dev.atmosphere.schemas.Intent;

/**
 * Where a capability is, for scoring: hops (its own node 0, this site 1, another site 1 + the Kafka clusters its
 * announcement crossed, read by the site link from the mirror's topic prefixes) and residency by site, so that
 * {@code data_residency: a} keeps an intent on site a's nodes whatever residency label they declare.
 */
final class Sites {

  private Sites() {}

  static int hops(Intent intent, CapabilityAnnouncement cap) {
    if (cap.getNodeId().equals(intent.getOriginNodeId())) {
      return 0;
    }
    return cap.getCluster() == null ? 1 : 1 + Math.max(1, cap.getHops());
  }

  /**
   * @param wanted the intent's residency (a site name or a region label)
   * @param declared what the capability or its node declares (may be null)
   * @param localSite this router's site (null when not in a multi-site mesh)
   */
  static boolean residencyAllows(String wanted, String declared, CapabilityAnnouncement cap, String localSite) {
    String site = cap.getCluster() != null ? cap.getCluster() : localSite;
    if (site != null && wanted.equalsIgnoreCase(site)) {
      return true;
    }
    // a region label never lets data leave this site: another site's node must be named by its site
    return cap.getCluster() == null && wanted.equalsIgnoreCase(declared);
  }
}
