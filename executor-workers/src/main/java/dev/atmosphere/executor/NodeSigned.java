package dev.atmosphere.executor;

import dev.atmosphere.common.identity.NodeIdentity;
import java.util.function.BiFunction;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Signs every record this node writes of one kind (its attempts, the pieces of its streamed answers) with the node
 * key, so the router accepts an answer, and a gateway streams a piece, only from the node the work was sent to: a
 * writer without the key cannot put words in its mouth (nor poison the semantic cache).
 */
final class NodeSigned<T extends SpecificRecord> implements Serializer<T> {

  private final NodeIdentity identity;
  private final Serializer<T> inner;
  private final BiFunction<T, NodeIdentity, T> unsigned;

  /** @param unsigned the record naming this node, with its public key and no signature yet */
  NodeSigned(NodeIdentity identity, Serializer<T> inner, BiFunction<T, NodeIdentity, T> unsigned) {
    this.identity = identity;
    this.inner = inner;
    this.unsigned = unsigned;
  }

  static NodeSigned<dev.atmosphere.schemas.WorkResult> attempts(NodeIdentity identity,
      Serializer<dev.atmosphere.schemas.WorkResult> inner) {
    return new NodeSigned<>(identity, inner, (r, id) -> dev.atmosphere.schemas.WorkResult.newBuilder(r)
        .setNodeId(id.nodeId()).setPublicKey(id.publicKeyBuffer()).setSignature(null).build());
  }

  static NodeSigned<dev.atmosphere.schemas.ResultChunk> chunks(NodeIdentity identity,
      Serializer<dev.atmosphere.schemas.ResultChunk> inner) {
    return new NodeSigned<>(identity, inner, (c, id) -> dev.atmosphere.schemas.ResultChunk.newBuilder(c)
        .setNodeId(id.nodeId()).setPublicKey(id.publicKeyBuffer()).setSignature(null).build());
  }

  @Override
  public byte[] serialize(String topic, T record) {
    return inner.serialize(topic, record == null ? null : sign(record));
  }

  T sign(T record) {
    return identity.sign(record, r -> unsigned.apply(r, identity));
  }

  @Override
  public void close() {
    inner.close();
  }
}
