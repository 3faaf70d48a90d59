package dev.atmosphere.executor;

import dev.atmosphere.common.identity.NodeIdentity;
import dev.atmosphere.schemas.ResultChunk;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Signs every piece of a streamed answer with the node key, so a gateway streams to its client only text that the
 * node the attempt was routed to really produced — a writer of the chunks topic cannot put words in its mouth.
 */
final class SignedChunks implements Serializer<ResultChunk> {

  private final NodeIdentity identity;
  private final Serializer<ResultChunk> inner;

  SignedChunks(NodeIdentity identity, Serializer<ResultChunk> inner) {
    this.identity = identity;
    this.inner = inner;
  }

  @Override
  public byte[] serialize(String topic, ResultChunk chunk) {
    return inner.serialize(topic, chunk == null ? null : identity.sign(chunk, c -> ResultChunk.newBuilder(c)
        .setNodeId(identity.nodeId()).setPublicKey(identity.publicKeyBuffer()).setSignature(null).build()));
  }

  @Override
  public void close() {
    inner.close();
  }
}
