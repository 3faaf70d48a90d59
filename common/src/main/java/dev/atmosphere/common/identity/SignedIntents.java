package dev.atmosphere.common.identity;

import dev.atmosphere.schemas.Intent;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Signs the intents a node posts in its own name, so the router can trust their origin: a local-only capability
 * serves its own node, and only a signed intent proves it comes from that node. Intents that name no origin, or
 * another one, go out as they are (anonymous to the router).
 */
public final class SignedIntents implements Serializer<Intent> {

  private final NodeIdentity identity;
  private final Serializer<Intent> inner;

  public SignedIntents(NodeIdentity identity, Serializer<Intent> inner) {
    this.identity = identity;
    this.inner = inner;
  }

  @Override
  public byte[] serialize(String topic, Intent intent) {
    return inner.serialize(topic, intent == null ? null : sign(intent));
  }

  /** The intent signed when it is this node's own; else unchanged. */
  public Intent sign(Intent intent) {
    if (!identity.nodeId().equals(intent.getOriginNodeId())) {
      return intent;
    }
    return identity.sign(intent, i -> Intent.newBuilder(i).setPublicKey(identity.publicKeyBuffer()).setSignature(null)
        .build());
  }

  @Override
  public void close() {
    inner.close();
  }
}
