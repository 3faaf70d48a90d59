package dev.atmosphere.common.identity;

import dev.atmosphere.schemas.Intent;
import dev.atmosphere.schemas.Plan;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Signs what a node posts in its own name — intents and plans — so the router can trust their origin: a local-only
 * capability serves its own node, and only a signed record proves it comes from that node. Records that name no
 * origin, or another one, go out as they are (anonymous to the router).
 */
public final class OriginSigned<T extends SpecificRecord> implements Serializer<T> {

  private final NodeIdentity identity;
  private final Serializer<T> inner;
  private final Function<T, String> origin;
  private final UnaryOperator<T> withKeyAndNoSignature;

  private OriginSigned(NodeIdentity identity, Serializer<T> inner, Function<T, String> origin,
      UnaryOperator<T> withKeyAndNoSignature) {
    this.identity = identity;
    this.inner = inner;
    this.origin = origin;
    this.withKeyAndNoSignature = withKeyAndNoSignature;
  }

  /** Intents: {@code inner} may be null when only {@link #sign} is used. */
  public static OriginSigned<Intent> intents(NodeIdentity identity, Serializer<Intent> inner) {
    return new OriginSigned<>(identity, inner, Intent::getOriginNodeId, i -> Intent.newBuilder(i)
        .setPublicKey(identity.publicKeyBuffer()).setSignature(null).build());
  }

  /** Plans: their units then carry the proven origin (the router vouches for the units it posts). */
  public static OriginSigned<Plan> plans(NodeIdentity identity, Serializer<Plan> inner) {
    return new OriginSigned<>(identity, inner, Plan::getOriginNodeId, p -> Plan.newBuilder(p)
        .setPublicKey(identity.publicKeyBuffer()).setSignature(null).build());
  }

  @Override
  public byte[] serialize(String topic, T record) {
    return inner.serialize(topic, record == null ? null : sign(record));
  }

  /** The record signed when it is this node's own; else unchanged. */
  public T sign(T record) {
    if (!identity.nodeId().equals(origin.apply(record))) {
      return record;
    }
    return identity.sign(record, withKeyAndNoSignature);
  }

  @Override
  public void close() {
    if (inner != null) {
      inner.close();
    }
  }
}
