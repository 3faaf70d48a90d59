package dev.atmosphere.common.kafka;

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
 * Decodes records inside the topology instead of at the source, so a record nobody can read (or one its
 * {@link Check} refuses, e.g. a forged attempt) becomes an explicit dead letter (original bytes, reason and coordinates
 * in {@code __streams.errors.*} headers) while the stream goes on — visible and testable, not a silent skip (a
 * source's own deserialization handler logs and skips). A registry that cannot be reached is a fault: the task fails
 * and the record is read again. Used by the router's inputs and the site link's mirrored ones.
 */
public final class WireDecoder<T> implements Processor<String, byte[], String, Decoded<T>> {

  private static final Logger log = LoggerFactory.getLogger(WireDecoder.class);

  /** A check on a decoded record: the value to pass on (possibly amended), or {@link Decoded#refused} with why. */
  public interface Check<T> {
    Decoded<T> check(String topic, byte[] bytes, T value);

    static <T> Check<T> none() {
      return (topic, bytes, value) -> Decoded.ok(value);
    }
  }

  private final Deserializer<T> deserializer;
  private final Check<T> check;
  private final boolean tombstones;
  private ProcessorContext<String, Decoded<T>> context;

  public WireDecoder(Deserializer<T> deserializer, Check<T> check) {
    this(deserializer, check, false);
  }

  /** @param tombstones pass tombstones on (a compacted topic's deletions) instead of dropping them */
  public WireDecoder(Deserializer<T> deserializer, Check<T> check, boolean tombstones) {
    this.deserializer = deserializer;
    this.check = check;
    this.tombstones = tombstones;
  }

  @Override
  public void init(ProcessorContext<String, Decoded<T>> context) {
    this.context = context;
  }

  @Override
  public void process(Record<String, byte[]> record) {
    if (record.value() == null) {
      if (tombstones) {
        context.forward(record.withValue(new Decoded<>(null, null, null)));
      }
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
        deadLetter(record, topic, "dev.atmosphere.RefusedRecord", checked.error());
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

  /**
   * A source decoded inside the topology: what cannot be read (or {@code check} refuses) goes to {@code dlq} with the
   * reason in its headers; the rest goes on as values. Processors are named after {@code name}.
   */
  public static <T> org.apache.kafka.streams.kstream.KStream<String, T> source(
      org.apache.kafka.streams.StreamsBuilder builder, String topic,
      org.apache.kafka.common.serialization.Serde<String> keys, Deserializer<T> deserializer, String name, String dlq,
      Check<T> check) {
    return source(builder, topic, keys, deserializer, name, dlq, check, false, () -> { });
  }

  /** As {@link #source(org.apache.kafka.streams.StreamsBuilder, String, org.apache.kafka.common.serialization.Serde,
   * Deserializer, String, String, Check)}, keeping tombstones when {@code tombstones} (compacted topics) and running
   * {@code deadLettered} for each record sent to the DLQ (to count it). */
  public static <T> org.apache.kafka.streams.kstream.KStream<String, T> source(
      org.apache.kafka.streams.StreamsBuilder builder, String topic,
      org.apache.kafka.common.serialization.Serde<String> keys, Deserializer<T> deserializer, String name, String dlq,
      Check<T> check, boolean tombstones, Runnable deadLettered) {
    org.apache.kafka.streams.kstream.KStream<String, Decoded<T>> decoded = builder.stream(topic,
            org.apache.kafka.streams.kstream.Consumed.with(keys,
                org.apache.kafka.common.serialization.Serdes.ByteArray()).withName(name + "s-source"))
        .process(() -> new WireDecoder<>(deserializer, check, tombstones),
            org.apache.kafka.streams.kstream.Named.as("decode-" + name));
    decoded.filter((k, d) -> d.failed(), org.apache.kafka.streams.kstream.Named.as("undecodable-" + name))
        .peek((k, d) -> deadLettered.run(), org.apache.kafka.streams.kstream.Named.as("undecodable-" + name + "-count"))
        .mapValues(Decoded::raw, org.apache.kafka.streams.kstream.Named.as("undecodable-" + name + "-bytes"))
        .to(dlq, org.apache.kafka.streams.kstream.Produced.with(keys,
            org.apache.kafka.common.serialization.Serdes.ByteArray()).withName(name + "-dlq-sink"));
    return decoded.filter((k, d) -> !d.failed(), org.apache.kafka.streams.kstream.Named.as("decoded-" + name))
        .mapValues(Decoded::value, org.apache.kafka.streams.kstream.Named.as(name + "-value"));
  }
}
