package dev.atmosphere.router.scoring;

import dev.atmosphere.schemas.CapabilityAnnouncement;
import dev.atmosphere.schemas.CapabilityType;
import dev.atmosphere.schemas.Intent;
import dev.atmosphere.schemas.IntentConstraints;
import dev.atmosphere.schemas.NodeStatus;
import java.time.Instant;
import java.util.Set;

/**
 * The scorer's hard filters, in the order a rejection is reported: the node (heartbeat, accepting work), the kind,
 * pins and tools, privacy (local-only both ways, with an unproven origin named as such), residency, cost, quality and
 * latency. A row that fails one is listed with the reason and never chosen, whatever its similarity.
 */
final class HardFilters {

  private HardFilters() {}

  /** The first hard filter the candidate fails, or null. */
  static String first(Intent intent, Candidate c, Instant now, Set<CapabilityType> servable, String localSite) {
    CapabilityAnnouncement cap = c.capability();
    NodeStatus status = c.status();
    IntentConstraints k = intent.getConstraints();
    if (status == null) {
      return "node has no heartbeat";
    }
    if (!status.getExpiresAt().isAfter(now)) {
      return "node heartbeat expired at " + status.getExpiresAt();
    }
    if (!status.getAcceptingWork()) {
      return "node is not accepting work (its executor is restarting)";
    }
    if (!servable.contains(cap.getType())) {
      return "type " + cap.getType() + " cannot serve a " + intent.getKind() + " intent";
    }
    if (intent.getPinnedCapabilityId() != null && !intent.getPinnedCapabilityId().equals(cap.getCapabilityId())) {
      return "not the pinned capability";
    }
    if (intent.getNeedsTools() && "false".equals(cap.getMetadata().getExtra().get("tools"))) {
      return "the model cannot call tools";
    }
    if (intent.getPinnedModel() != null && !cap.getModels().contains(intent.getPinnedModel())) {
      return "does not have the pinned model";
    }
    boolean fromOwnNode = cap.getNodeId().equals(intent.getOriginNodeId());
    if (k.getLocalOnly() && !fromOwnNode) {
      return intent.getOriginNodeId() != null && intent.getOriginNodeId().startsWith("unverified:")
          ? "intent is local-only, but its origin is not proven (it is not signed by the node it names)"
          : "intent is local-only to " + intent.getOriginNodeId();
    }
    if (cap.getConstraints().getLocalOnly() && !fromOwnNode) {
      return "capability serves its own node only";
    }
    if (k.getDataResidency() != null && !Sites.residencyAllows(k.getDataResidency(), residency(c), cap, localSite)) {
      String declared = residency(c);
      return declared == null ? "declares no data residency (" + k.getDataResidency() + " asked)"
          : "residency " + declared + " is not " + k.getDataResidency();
    }
    if (k.getMaxCostPerToken() != null && cap.getResources().getCostPerToken() > k.getMaxCostPerToken()) {
      return "cost per token above the budget";
    }
    if (k.getMinQuality() != null && Scorer.quality(cap) < k.getMinQuality()) {
      return "quality tier " + Scorer.quality(cap) + " below the minimum " + k.getMinQuality();
    }
    if (k.getMaxLatencyMs() != null && Scorer.expectedLatencyMs(c) > k.getMaxLatencyMs()) {
      return "expected latency " + Scorer.expectedLatencyMs(c) + " ms over the maximum " + k.getMaxLatencyMs();
    }
    return null;
  }

  private static String residency(Candidate c) {
    String declared = c.capability().getConstraints().getDataResidency();
    return declared != null ? declared : c.status().getDataResidency();
  }
}
