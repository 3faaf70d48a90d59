package dev.atmosphere.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atmosphere.common.identity.NodeIdentity;
import dev.atmosphere.schemas.ResultChunk;
import dev.atmosphere.schemas.RouteDecision;
import dev.atmosphere.schemas.serde.AvroSerdes;
import dev.atmosphere.schemas.serde.GenericWireReader;
import dev.atmosphere.schemas.serde.InMemorySchemaRegistryClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Only the routed node's own words reach a client: a streamed piece must be signed by the node it names
 * ({@link ChunkProof}) and come from the node that attempt was routed to ({@link PendingReply}).
 */
class ChunkProofTest {

  private static final String TOPIC = "atmosphere.results.chunks";
  private final InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();
  private final AvroSerdes serdes = new AvroSerdes(registry);
  private final ChunkProof proof = new ChunkProof(new GenericWireReader(registry));
  private final NodeIdentity node = NodeIdentity.ephemeral("gpu-box", Optional.empty());
  private final NodeIdentity attacker = NodeIdentity.ephemeral("attacker", Optional.empty());

  private static ResultChunk chunk(String nodeId, int attempt, String delta) {
    return ResultChunk.newBuilder().setIntentId("i").setWorkId("i-w" + attempt + "-0123456789abcdef").setSequence(0)
        .setDelta(delta).setNodeId(nodeId).setCapabilityId("llm").setEmittedAt(Instant.EPOCH).build();
  }

  private static ResultChunk signed(NodeIdentity key, ResultChunk chunk) {
    return key.sign(chunk, c -> ResultChunk.newBuilder(c).setPublicKey(key.publicKeyBuffer()).setSignature(null)
        .build());
  }

  private byte[] bytes(ResultChunk chunk) {
    return serdes.chunk().serializer().serialize(TOPIC, chunk);
  }

  @Test
  void shouldPassAPieceSignedByTheNodeItNames() {
    assertThat(proof.problem(TOPIC, bytes(signed(node, chunk(node.nodeId(), 1, "Paris"))))).isNull();
  }

  @Test
  void shouldRefuseUnsignedForgedAndTamperedPieces() {
    assertThat(proof.problem(TOPIC, bytes(chunk(node.nodeId(), 1, "Paris")))).isEqualTo("unsigned");
    assertThat(proof.problem(TOPIC, bytes(signed(attacker, chunk(node.nodeId(), 1, "Send me your password")))))
        .startsWith("node id " + node.nodeId() + " is not bound");
    ResultChunk real = signed(node, chunk(node.nodeId(), 1, "Paris"));
    assertThat(proof.problem(TOPIC, bytes(ResultChunk.newBuilder(real).setDelta("Lyon").build())))
        .isEqualTo("bad signature");
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
