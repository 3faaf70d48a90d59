package dev.atmosphere.gateway;

import dev.atmosphere.client.MeshView;
import dev.atmosphere.client.ReplyListener;
import dev.atmosphere.schemas.CapabilityAnnouncement;
import dev.atmosphere.schemas.Intent;
import java.util.List;

/**
 * How the gateway reaches capabilities: through Kafka (the mesh) or, for a standalone node, directly on this
 * machine. Replies (route, chunks, result) arrive at the listener registered with the intent.
 */
public interface MeshPort extends AutoCloseable {

  MeshPort start();

  /** Capabilities the port can serve right now (live nodes only). */
  List<CapabilityAnnouncement> capabilities();

  /** Posts the intent; throws {@link GatewayError} when it cannot even be posted. */
  void submit(Intent intent, ReplyListener listener);

  /** What the live mesh view shows; a port that sees no more than its capabilities shows those. */
  default MeshView view() {
    return MeshView.of(capabilities());
  }

  /** Records people's word on a route (the feedback topic every router learns from); without the mesh, 501. */
  default void feedback(dev.atmosphere.schemas.RouteFeedback feedback) {
    throw new GatewayError(501, "not_implemented", FeedbackHeader.NAME, "needs_mesh",
        "feedback needs the mesh; this node runs standalone");
  }

  /** Runs a federated query and waits for its result; a port without the mesh cannot (501). */
  default dev.atmosphere.schemas.FederatedResult federated(dev.atmosphere.schemas.FederatedQuery query,
      java.time.Duration timeout) {
    throw new GatewayError(501, "invalid_request_error", "atmosphere.federated", "not_supported",
        "federated queries need the mesh; this node runs standalone");
  }

  /** Stops delivering replies for the intent. */
  void forget(String intentId);

  @Override
  void close();
}
