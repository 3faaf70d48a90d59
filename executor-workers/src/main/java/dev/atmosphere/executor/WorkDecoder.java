package dev.atmosphere.executor;

import dev.atmosphere.common.kafka.DeadLetters;
import dev.atmosphere.schemas.WorkUnit;
import dev.atmosphere.schemas.serde.RegistryUnavailableException;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a polled record into a work unit, telling poison from a fault: a record that cannot be a work unit goes to the
 * DLQ with its original bytes and the reason (and the caller commits past it); a schema registry that cannot be
 * reached is a fault — {@link RegistryUnavailableException} — and the record is read again later, never dead-lettered.
 */
final class WorkDecoder {

  private static final Logger log = LoggerFactory.getLogger(WorkDecoder.class);

  private final Deserializer<WorkUnit> deserializer;
  private final DeadLetters deadLetters;

  WorkDecoder(Deserializer<WorkUnit> deserializer, DeadLetters deadLetters) {
    this.deserializer = deserializer;
    this.deadLetters = deadLetters;
  }

  /** The unit, or null when the record was dead-lettered. */
  WorkUnit decode(ConsumerRecord<String, byte[]> record) {
    try {
      WorkUnit unit = deserializer.deserialize(record.topic(), record.headers(), record.value());
      if (unit == null) {
        throw new SerializationException("work unit is a tombstone");
      }
      return unit;
    } catch (RuntimeException e) {
      if (RegistryUnavailableException.causedBy(e)) {
        throw new RegistryUnavailableException(e.getMessage(), e);
      }
      log.warn("undecodable work unit at {}-{}@{}: {}; sent to {}", record.topic(), record.partition(),
          record.offset(), e.getMessage(), deadLetters.topic());
      byte[] key = record.key() == null ? null : record.key().getBytes(StandardCharsets.UTF_8);
      deadLetters.send(new ConsumerRecord<>(record.topic(), record.partition(), record.offset(), key, record.value()),
          e);
      return null;
    }
  }
}
