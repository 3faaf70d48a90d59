package dev.atmosphere.router.topology;

import dev.atmosphere.common.kafka.Decoded;
import dev.atmosphere.common.kafka.WireDecoder;
import dev.atmosphere.schemas.Intent;
import dev.atmosphere.schemas.Plan;
import dev.atmosphere.schemas.sign.Signatures;
import dev.atmosphere.schemas.serde.GenericWireReader;
import java.nio.ByteBuffer;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.apache.avro.generic.GenericRecord;

/**
 * Makes the origin of what a node posts — an intent, a plan — something the router can trust. A local-only
 * capability serves its own node, a local-only intent stays on its node, and the cache keeps a private answer to its
 * node: all of them ask "which node posted this?". A record signed by the key its {@code originNodeId} is bound to
 * passes as it is; a forged or tampered one goes to the DLQ with why; an unsigned one keeps its origin only as
 * {@value #UNVERIFIED}{@code <origin>}, which no node id can equal (node ids have no colon), so it is routed as
 * anonymous and its origin stays readable in traces. A plan's units inherit its proven (or unproven) origin.
 */
final class OriginProof<T> implements WireDecoder.Check<T> {

  static final String UNVERIFIED = "unverified:";

  private final GenericWireReader reader;
  private final RouterMeters meters;
  private final String kind;
  private final Function<T, String> origin;
  private final Function<T, ByteBuffer> signature;
  private final BiFunction<T, String, T> withOrigin;

  private OriginProof(GenericWireReader reader, RouterMeters meters, String kind, Function<T, String> origin,
      Function<T, ByteBuffer> signature, BiFunction<T, String, T> withOrigin) {
    this.reader = reader;
    this.meters = meters;
    this.kind = kind;
    this.origin = origin;
    this.signature = signature;
    this.withOrigin = withOrigin;
  }

  static OriginProof<Intent> intents(GenericWireReader reader, RouterMeters meters) {
    return new OriginProof<>(reader, meters, "intent", Intent::getOriginNodeId, Intent::getSignature,
        (i, o) -> Intent.newBuilder(i).setOriginNodeId(o).build());
  }

  static OriginProof<Plan> plans(GenericWireReader reader, RouterMeters meters) {
    return new OriginProof<>(reader, meters, "plan", Plan::getOriginNodeId, Plan::getSignature,
        (p, o) -> Plan.newBuilder(p).setOriginNodeId(o).build());
  }

  @Override
  public Decoded<T> check(String topic, byte[] bytes, T value) {
    String claimed = origin.apply(value);
    if (claimed == null || claimed.startsWith(UNVERIFIED)) {
      return Decoded.ok(value);
    }
    if (signature.apply(value) == null) {
      meters.origin(kind, "unsigned");
      return Decoded.ok(withOrigin.apply(value, UNVERIFIED + claimed));
    }
    GenericRecord r = reader.read(topic, bytes);
    byte[] publicKey = Signatures.bytes((ByteBuffer) r.get("publicKey"));
    String problem;
    if (publicKey == null) {
      problem = "signed " + kind + " without its public key";
    } else if (!Signatures.ownedBy(claimed, publicKey)) {
      problem = "forged origin: node id " + claimed + " is not bound to the signing key "
          + Signatures.fingerprint(publicKey);
    } else if (!Signatures.verify(publicKey, Signatures.canonical(r), Signatures.bytes((ByteBuffer) r.get("signature")))) {
      problem = "bad signature (tampered or forged)";
    } else {
      meters.origin(kind, "signed");
      return Decoded.ok(value);
    }
    meters.origin(kind, "forged");
    return Decoded.refused(bytes, problem);
  }
}
