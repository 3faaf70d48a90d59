package dev.atmosphere.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atmosphere.common.identity.NodeIdentity;
import dev.atmosphere.schemas.ResultChunk;
import dev.atmosphere.schemas.serde.AvroSerdes;
import dev.atmosphere.schemas.serde.GenericWireReader;
import dev.atmosphere.schemas.serde.InMemorySchemaRegistryClient;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Only the routed node's own words reach a client: a streamed piece must be signed by the node it names
 * ({@link NodeProof}; that it also came from the node its attempt was routed to is the gateway's PendingReplyTest).
 */
class NodeProofTest {

  private static final String TOPIC = "atmosphere.results.chunks";
  private final InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();
  private final AvroSerdes serdes = new AvroSerdes(registry);
  private final io.micrometer.core.instrument.simple.SimpleMeterRegistry meters =
      new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
  private final NodeProof proof = NodeProof.forChunks(new GenericWireReader(registry), meters);
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
    assertThat(meters.counter("atmosphere.chunks.refused", "why", "unsigned").count()).isEqualTo(1.0);
    assertThat(meters.counter("atmosphere.chunks.refused", "why", "forged").count()).isEqualTo(1.0);
    assertThat(meters.counter("atmosphere.chunks.refused", "why", "bad signature").count()).isEqualTo(1.0);
  }
}
