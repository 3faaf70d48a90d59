package dev.atmosphere.client;

import dev.atmosphere.schemas.ResultChunk;
import dev.atmosphere.schemas.RouteDecision;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The pieces of one streamed answer a client may be shown: signed by the node they name and, once the route is
 * known, by the routed node; stitched across failover so nothing is repeated and two attempts never mix.
 */
final class StreamedPieces {

  private final NodeProof proof;
  private final AttemptStitcher stitcher = new AttemptStitcher();

  StreamedPieces(NodeProof proof) {
    this.proof = proof;
  }

  /** The piece to show for {@code chunk} (read from {@code record}), or empty. */
  Optional<ResultChunk> accept(ConsumerRecord<String, byte[]> record, ResultChunk chunk, RouteDecision route) {
    if (proof.problem(record.topic(), record.value()) != null
        || route != null && !chunk.getNodeId().equals(route.getChosenNodeId())) {
      return Optional.empty();
    }
    String more = stitcher.accept(chunk);
    return more.isEmpty() ? Optional.empty() : Optional.of(ResultChunk.newBuilder(chunk).setDelta(more).build());
  }
}
