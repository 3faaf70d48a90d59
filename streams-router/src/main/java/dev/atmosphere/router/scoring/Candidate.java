package dev.atmosphere.router.scoring;

import dev.atmosphere.schemas.CapabilityAnnouncement;
import dev.atmosphere.schemas.NodeStatus;

/**
 * One row of the gradient table as the scorer sees it: a capability, its node's latest heartbeat (null when
 * the node never reported) and the capability's description vector in the router's embedding space.
 */
public record Candidate(CapabilityAnnouncement capability, NodeStatus status, float[] vector) {}
