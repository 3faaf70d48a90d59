package dev.atmosphere.executor;

import dev.atmosphere.schemas.WorkResult;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * A work unit's attempt, ready to commit with the offset it came from; and the one way such attempts are written:
 * all of them, with the offsets they allow, in one Kafka transaction (the caller aborts when it throws).
 */
record FinishedUnit(TopicPartition tp, long offset, WorkResult result, String topic) {

  /** Counts each attempt in {@code atmosphere_executor_attempts_total{node,status}} once the transaction commits. */
  static void writeInOneTransaction(Producer<String, WorkResult> producer, List<FinishedUnit> units,
      Map<TopicPartition, OffsetAndMetadata> offsets, ConsumerGroupMetadata group,
      io.micrometer.core.instrument.MeterRegistry meters) {
    producer.beginTransaction();
    for (FinishedUnit u : units) {
      ProducerRecord<String, WorkResult> attempt = new ProducerRecord<>(u.topic(), u.result().getIntentId(),
          u.result());
      dev.atmosphere.schemas.trace.TraceHeaders.intent(attempt.headers(), u.result().getIntentId());
      producer.send(attempt);
    }
    producer.sendOffsetsToTransaction(offsets, group);
    producer.commitTransaction();
    for (FinishedUnit u : units) {
      meters.counter("atmosphere.executor.attempts", "node", String.valueOf(u.result().getNodeId()), "status",
          u.result().getStatus().name()).increment();
    }
  }
}
