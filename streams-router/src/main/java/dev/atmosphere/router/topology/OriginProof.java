package dev.atmosphere.router.topology;

import dev.atmosphere.common.kafka.Decoded;
import dev.atmosphere.common.kafka.WireDecoder;
import dev.atmosphere.schemas.Intent;
import dev.atmosphere.schemas.sign.Signatures;
import dev.atmosphere.schemas.serde.GenericWireReader;
import java.nio.ByteBuffer;
import org.apache.avro.generic.GenericRecord;

/**
 * Makes an intent's origin something the router can trust. A local-only capability serves its own node, a local-only
 * intent stays on its node, and the cache keeps a private answer to its node: all of them ask "which node posted
 * this?". An intent signed by the key its {@code originNodeId} is bound to passes as it is; a forged or tampered one
 * goes to the DLQ with why; an unsigned one keeps its origin only as {@value #UNVERIFIED}{@code <origin>}, which no
 * node id can equal (node ids have no colon), so it is routed as anonymous and its origin stays readable in traces.
 */
final class OriginProof implements WireDecoder.Check<Intent> {

  static final String UNVERIFIED = "unverified:";

  private final GenericWireReader reader;
  private final RouterMeters meters;

  OriginProof(GenericWireReader reader, RouterMeters meters) {
    this.reader = reader;
    this.meters = meters;
  }

  @Override
  public Decoded<Intent> check(String topic, byte[] bytes, Intent intent) {
    String origin = intent.getOriginNodeId();
    if (origin == null || origin.startsWith(UNVERIFIED)) {
      return Decoded.ok(intent);
    }
    if (intent.getSignature() == null) {
      meters.origin("unsigned");
      return Decoded.ok(Intent.newBuilder(intent).setOriginNodeId(UNVERIFIED + origin).build());
    }
    GenericRecord r = reader.read(topic, bytes);
    byte[] publicKey = Signatures.bytes((ByteBuffer) r.get("publicKey"));
    String problem;
    if (publicKey == null) {
      problem = "signed intent without its public key";
    } else if (!Signatures.ownedBy(origin, publicKey)) {
      problem = "forged origin: node id " + origin + " is not bound to the signing key "
          + Signatures.fingerprint(publicKey);
    } else if (!Signatures.verify(publicKey, Signatures.canonical(r), Signatures.bytes((ByteBuffer) r.get("signature")))) {
      problem = "bad signature (tampered or forged)";
    } else {
      meters.origin("signed");
      return Decoded.ok(intent);
    }
    meters.origin("forged");
    return Decoded.refused(bytes, problem);
  }
}
