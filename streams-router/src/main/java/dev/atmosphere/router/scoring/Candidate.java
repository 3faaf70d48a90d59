package dev.atmosphere.router.scoring;

import dev.atmosphere.schemas.CapabilityAnnouncement;
import dev.atmosphere.schemas.NodeStatus;

import java.util.List;

/**
 * One row of the gradient table as the scorer sees it: a capability, its node's latest heartbeat (null when
 * the node never reported) and the vectors of its facets in the router's embedding space.
 */
public record Candidate(CapabilityAnnouncement capability, NodeStatus status, List<float[]> vectors) {}
