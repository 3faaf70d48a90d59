package dev.atmosphere.client;

import dev.atmosphere.schemas.serde.GenericWireReader;
import dev.atmosphere.schemas.sign.Signatures;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.ByteBuffer;
import org.apache.avro.generic.GenericRecord;

/**
 * Whether a node's record — a streamed piece or an attempt — was signed by the node it names, over the bytes as
 * written: only such records reach a client (and then only from the node the attempt was routed to: the gateway's
 * PendingReply). Any writer of those topics could otherwise put words into someone else's answer.
 */
final class NodeProof {

  private final GenericWireReader reader;
  private final String refusedCounter;
  private final MeterRegistry meters;

  private NodeProof(GenericWireReader reader, String refusedCounter, MeterRegistry meters) {
    this.reader = reader;
    this.refusedCounter = refusedCounter;
    this.meters = meters;
  }

  /** For streamed pieces; refusals counted in {@code meters} as {@code atmosphere.chunks.refused}. */
  static NodeProof forChunks(GenericWireReader reader, MeterRegistry meters) {
    return new NodeProof(reader, "atmosphere.chunks.refused", meters);
  }

  /** For attempts a client answers from early; refusals counted as {@code atmosphere.attempts.refused}. */
  static NodeProof forAttempts(GenericWireReader reader, MeterRegistry meters) {
    return new NodeProof(reader, "atmosphere.attempts.refused", meters);
  }

  /** Null when the record may be passed on; else why not. */
  String problem(String topic, byte[] bytes) {
    GenericRecord r = reader.read(topic, bytes);
    byte[] publicKey = Signatures.bytes((ByteBuffer) r.get("publicKey"));
    byte[] signature = Signatures.bytes((ByteBuffer) r.get("signature"));
    String problem;
    if (publicKey == null || signature == null) {
      problem = "unsigned";
    } else if (!Signatures.ownedBy(String.valueOf(r.get("nodeId")), publicKey)) {
      problem = "node id " + r.get("nodeId") + " is not bound to the signing key";
    } else if (!Signatures.verify(publicKey, Signatures.canonical(r), signature)) {
      problem = "bad signature";
    } else {
      return null;
    }
    meters.counter(refusedCounter, "why", problem.startsWith("node id") ? "forged" : problem).increment();
    return problem;
  }
}
