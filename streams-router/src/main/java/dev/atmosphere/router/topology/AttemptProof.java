package dev.atmosphere.router.topology;

import dev.atmosphere.common.kafka.Decoded;
import dev.atmosphere.common.kafka.WireDecoder;
import dev.atmosphere.schemas.sign.Signatures;
import dev.atmosphere.schemas.serde.GenericWireReader;
import java.nio.ByteBuffer;
import org.apache.avro.generic.GenericRecord;

/**
 * Checks that an attempt was written by the node it names: signed with a key whose fingerprint ends its node id, over
 * the record exactly as written (the writer's schema, so an older or newer executor's attempts still verify). The
 * lifecycle processor then accepts it only for work it sent to that very node — so nobody without the node's key can
 * answer in its name. A FAILED attempt may come unsigned: the site link refuses work in a node's name but holds no node
 * key; such an attempt can make an intent fail over, never answer it (see {@code IntentLifecycleProcessor}).
 */
final class AttemptProof implements WireDecoder.Check<dev.atmosphere.schemas.WorkResult> {

  private final GenericWireReader reader;
  private final RouterMeters meters;

  AttemptProof(GenericWireReader reader, RouterMeters meters) {
    this.reader = reader;
    this.meters = meters;
  }

  @Override
  public Decoded<dev.atmosphere.schemas.WorkResult> check(String topic, byte[] bytes,
      dev.atmosphere.schemas.WorkResult value) {
    String problem = problem(topic, bytes);
    return problem == null ? Decoded.ok(value) : Decoded.refused(bytes, problem);
  }

  /** Null when the attempt may go on to the lifecycle processor; else why it is dead-lettered. */
  String problem(String topic, byte[] bytes) {
    GenericRecord r = reader.read(topic, bytes);
    byte[] signature = Signatures.bytes((ByteBuffer) r.get("signature"));
    byte[] publicKey = Signatures.bytes((ByteBuffer) r.get("publicKey"));
    String status = String.valueOf(r.get("status"));
    String problem;
    if (signature == null) {
      problem = "FAILED".equals(status) ? null
          : "unsigned " + status + " attempt: an answer must be signed by the node that ran the work";
    } else if (publicKey == null || r.get("nodeId") == null) {
      problem = "signed attempt without its node id or public key";
    } else if (!Signatures.ownedBy(String.valueOf(r.get("nodeId")), publicKey)) {
      problem = "forged: node id " + r.get("nodeId") + " is not bound to the signing key "
          + Signatures.fingerprint(publicKey);
    } else {
      problem = Signatures.verify(publicKey, Signatures.canonical(r), signature) ? null
          : "bad signature (tampered or forged)";
    }
    if (problem != null) {
      meters.forgedAttempt();
    }
    return problem;
  }
}
