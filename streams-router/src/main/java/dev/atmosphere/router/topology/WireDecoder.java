package dev.atmosphere.router.topology;

import java.nio.charset.StandardCharsets;
import dev.atmosphere.schemas.serde.RegistryUnavailableException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes records (intents, attempts) inside the topology instead of at the source, so a record nobody can read becomes an explicit
 * dead letter (original bytes, reason and coordinates in {@code __streams.errors.*} headers) on the router DLQ
 * while the stream keeps routing — visible and testable, not a silent skip.
 */
final class WireDecoder<T> implements Processor<String, byte[], String, Decoded<T>> {

  private static final Logger log = LoggerFactory.getLogger(WireDecoder.class);

  private final Deserializer<T> deserializer;
  private ProcessorContext<String, Decoded<T>> context;

  WireDecoder(Deserializer<T> deserializer) {
    this.deserializer = deserializer;
  }

  @Override
  public void init(ProcessorContext<String, Decoded<T>> context) {
    this.context = context;
  }

  @Override
  public void process(Record<String, byte[]> record) {
    if (record.value() == null) {
      return;
    }
    String topic = context.recordMetadata().map(m -> m.topic()).orElse("unknown");
    try {
      T value = deserializer.deserialize(topic, record.headers(), record.value());
      context.forward(record.withValue(new Decoded<>(value, null, null)));
    } catch (RuntimeException e) {
      if (RegistryUnavailableException.causedBy(e)) {
        throw e; // a fault, not poison: the task fails and the record is read again (FaultAwareProcessingHandler)
      }
      Headers headers = new RecordHeaders(record.headers().toArray());
      put(headers, "__streams.errors.exception", e.getClass().getName());
      put(headers, "__streams.errors.message", String.valueOf(e.getMessage()));
      context.recordMetadata().ifPresent(m -> {
        put(headers, "__streams.errors.topic", m.topic());
        put(headers, "__streams.errors.partition", Integer.toString(m.partition()));
        put(headers, "__streams.errors.offset", Long.toString(m.offset()));
      });
      log.warn("record on {} with key {} is undecodable, sent to the DLQ: {}", topic, record.key(), e.getMessage());
      context.forward(record.withHeaders(headers).withValue(new Decoded<>(null, record.value(), e.getMessage())));
    }
  }

  private static void put(Headers headers, String key, String value) {
    headers.remove(key);
    headers.add(key, value.getBytes(StandardCharsets.UTF_8));
  }
}
