package dev.atmosphere.executor;

import dev.atmosphere.common.identity.NodeIdentity;
import dev.atmosphere.schemas.WorkResult;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Signs every attempt this node writes with its node key, so the router accepts an answer only from the node it sent
 * the work to: a writer without the key cannot forge another node's answer (nor poison the semantic cache with one).
 */
final class SignedAttempts implements Serializer<WorkResult> {

  private final NodeIdentity identity;
  private final Serializer<WorkResult> inner;

  SignedAttempts(NodeIdentity identity, Serializer<WorkResult> inner) {
    this.identity = identity;
    this.inner = inner;
  }

  @Override
  public byte[] serialize(String topic, WorkResult result) {
    return inner.serialize(topic, result == null ? null : sign(result));
  }

  WorkResult sign(WorkResult result) {
    return identity.sign(result, r -> WorkResult.newBuilder(r).setNodeId(identity.nodeId())
        .setPublicKey(identity.publicKeyBuffer()).setSignature(null).build());
  }

  @Override
  public void close() {
    inner.close();
  }
}
