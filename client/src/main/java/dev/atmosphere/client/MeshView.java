package dev.atmosphere.client;

import dev.atmosphere.schemas.Alert;
import dev.atmosphere.schemas.CapabilityAnnouncement;
import dev.atmosphere.schemas.NodeStatus;
import dev.atmosphere.schemas.RouteDecision;
import dev.atmosphere.schemas.WorkResult;
import java.util.List;

/**
 * What the live mesh view shows: every node's last heartbeat, the capabilities, and the latest routes, results and
 * alerts this node has seen on the mesh (newest first).
 */
public record MeshView(List<NodeStatus> nodes, List<CapabilityAnnouncement> capabilities, List<RouteDecision> routes,
    List<WorkResult> results, List<Alert> alerts) {

  public static MeshView of(List<CapabilityAnnouncement> capabilities) {
    return new MeshView(List.of(), capabilities, List.of(), List.of(), List.of());
  }
}
