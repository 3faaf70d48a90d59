package dev.atmosphere.client;

import dev.atmosphere.schemas.serde.GenericWireReader;
import dev.atmosphere.schemas.sign.Signatures;
import io.micrometer.core.instrument.Metrics;
import java.nio.ByteBuffer;
import org.apache.avro.generic.GenericRecord;

/**
 * Whether a streamed piece was signed by the node it names, over the bytes as written: only such pieces reach a
 * client (and then only from the node the attempt was routed to: the gateway's PendingReply). Any writer of the chunks
 * topic could otherwise stream words into someone else's answer.
 */
final class ChunkProof {

  private final GenericWireReader reader;

  ChunkProof(GenericWireReader reader) {
    this.reader = reader;
  }

  /** Null when the chunk may be streamed; else why not. */
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
    Metrics.counter("atmosphere.chunks.refused", "why", problem.startsWith("node id") ? "forged" : problem)
        .increment();
    return problem;
  }
}
