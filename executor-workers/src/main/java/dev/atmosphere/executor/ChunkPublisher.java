package dev.atmosphere.executor;

import dev.atmosphere.schemas.ResultChunk;
import dev.atmosphere.schemas.WorkUnit;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Publishes the pieces of a streamed answer to {@code atmosphere.results.chunks} the moment the backend yields
 * them. Deliberately outside the result transaction (a transaction would hide them until the end); the final,
 * transactional WorkResult remains the source of truth for the whole answer.
 */
public final class ChunkPublisher {

  private final Producer<String, ResultChunk> producer;
  private final java.util.function.Function<WorkUnit, String> topic;
  private final String nodeId;
  private final Clock clock;

  public ChunkPublisher(Producer<String, ResultChunk> producer, String topic, String nodeId, Clock clock) {
    this(producer, u -> topic, nodeId, clock);
  }

  /** @param topic where a unit's pieces go (another site's outbox when the unit came from there) */
  public ChunkPublisher(Producer<String, ResultChunk> producer, java.util.function.Function<WorkUnit, String> topic,
      String nodeId, Clock clock) {
    this.producer = producer;
    this.topic = topic;
    this.nodeId = nodeId;
    this.clock = clock;
  }

  /** A sink for one work unit's pieces, numbered from 0. */
  public Consumer<String> sinkFor(WorkUnit unit) {
    AtomicInteger sequence = new AtomicInteger();
    return delta -> {
      ProducerRecord<String, ResultChunk> chunk = new ProducerRecord<>(topic.apply(unit), unit.getIntentId(), ResultChunk.newBuilder()
          .setIntentId(unit.getIntentId())
          .setWorkId(unit.getWorkId())
          .setSequence(sequence.getAndIncrement())
          .setDelta(delta)
          .setNodeId(nodeId)
          .setCapabilityId(unit.getCapabilityId())
          .setEmittedAt(clock.instant())
          .build());
      dev.atmosphere.schemas.trace.TraceHeaders.intent(chunk.headers(), unit.getIntentId());
      producer.send(chunk);
      producer.flush();
    };
  }

  public void close() {
    producer.close(java.time.Duration.ofSeconds(5));
  }
}
