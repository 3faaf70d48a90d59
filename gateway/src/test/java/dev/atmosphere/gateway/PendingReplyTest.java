package dev.atmosphere.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atmosphere.common.identity.NodeIdentity;
import dev.atmosphere.schemas.ResultChunk;
import dev.atmosphere.schemas.RouteDecision;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Only pieces of the node each attempt was routed to are streamed; a piece that comes before its route waits. */
class PendingReplyTest {

  private final NodeIdentity node = NodeIdentity.ephemeral("gpu-box", Optional.empty());

  private static ResultChunk chunk(String nodeId, int attempt, String delta) {
    return ResultChunk.newBuilder().setIntentId("i").setWorkId("i-w" + attempt + "-0123456789abcdef").setSequence(0)
        .setDelta(delta).setNodeId(nodeId).setCapabilityId("llm").setEmittedAt(Instant.EPOCH).build();
  }

  @Test
  void shouldStreamOnlyPiecesOfTheNodeEachAttemptWasRoutedToHoldingEarlyOnesForTheirRoute() throws Exception {
    PendingReply reply = new PendingReply();
    NodeIdentity other = NodeIdentity.ephemeral("other", Optional.empty());

    reply.onChunk(chunk(node.nodeId(), 1, "Par")); // before its route: held
    reply.onRoute(route(1, node.nodeId()));
    reply.onChunk(chunk(other.nodeId(), 1, "Lyon")); // signed by someone, but attempt 1 went to gpu-box
    reply.onChunk(chunk(node.nodeId(), 1, "is"));
    reply.onRoute(route(2, other.nodeId()));
    reply.onChunk(chunk(other.nodeId(), 2, "Paris"));

    List<String> streamed = new ArrayList<>();
    for (Object e = reply.next(Duration.ZERO); e != null; e = reply.next(Duration.ZERO)) {
      streamed.add(((ResultChunk) e).getDelta());
    }
    assertThat(streamed).containsExactly("Par", "is", "Paris");
  }

  private static RouteDecision route(int attempt, String nodeId) {
    return RouteDecision.newBuilder().setRouteId("r" + attempt).setIntentId("i").setAttempt(attempt)
        .setDecidedAt(Instant.EPOCH).setChosenNodeId(nodeId).setReason("test").setEmbeddingModel("m").build();
  }
}
