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
 * Decodes records (intents, attempts) inside the topology instead of at the source, so a record nobody can read (or
 * one its {@link Check} refuses, e.g. a forged attempt) becomes an explicit dead letter (original bytes, reason and coordinates in {@code __streams.errors.*} headers) on the router DLQ
 * while the stream keeps routing — visible and testable, not a silent skip.
 */
final class WireDecoder<T> implements Processor<String, byte[], String, Decoded<T>> {

  private static final Logger log = LoggerFactory.getLogger(WireDecoder.class);

  /** A check on a decoded record: the value to pass on (possibly amended), or {@link Decoded#refused} with why. */
  interface Check<T> {
    Decoded<T> check(String topic, byte[] bytes, T value);

    static <T> Check<T> none() {
      return (topic, bytes, value) -> Decoded.ok(value);
    }
  }

  private final Deserializer<T> deserializer;
  private final Check<T> check;
  private ProcessorContext<String, Decoded<T>> context;

  WireDecoder(Deserializer<T> deserializer, Check<T> check) {
    this.deserializer = deserializer;
    this.check = check;
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
      Decoded<T> checked = check.check(topic, record.value(), value);
      if (!checked.failed()) {
        context.forward(record.withValue(checked));
      } else {
        log.warn("record on {} with key {} is refused, sent to the DLQ: {}", topic, record.key(), checked.error());
        deadLetter(record, topic, "dev.atmosphere.router.RefusedRecord", checked.error());
      }
    } catch (RuntimeException e) {
      if (RegistryUnavailableException.causedBy(e)) {
        throw e; // a fault, not poison: the task fails and the record is read again (FaultAwareProcessingHandler)
      }
      log.warn("record on {} with key {} is undecodable, sent to the DLQ: {}", topic, record.key(), e.getMessage());
      deadLetter(record, topic, e.getClass().getName(), String.valueOf(e.getMessage()));
    }
  }

  private void deadLetter(Record<String, byte[]> record, String topic, String exception, String message) {
    Headers headers = new RecordHeaders(record.headers().toArray());
    put(headers, "__streams.errors.exception", exception);
    put(headers, "__streams.errors.message", message);
    context.recordMetadata().ifPresent(m -> {
      put(headers, "__streams.errors.topic", m.topic());
      put(headers, "__streams.errors.partition", Integer.toString(m.partition()));
      put(headers, "__streams.errors.offset", Long.toString(m.offset()));
    });
    context.forward(record.withHeaders(headers).withValue(new Decoded<>(null, record.value(), message)));
  }

  private static void put(Headers headers, String key, String value) {
    headers.remove(key);
    headers.add(key, value.getBytes(StandardCharsets.UTF_8));
  }
}
