package dev.atmosphere.client;

import dev.atmosphere.common.kafka.PatientDecoder;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * How the clients read their replies: decoded patiently (a schema registry restarting with the stack is waited out
 * until the caller's deadline, not reported as a failure while the answer sits in the topic), and the one-reply wait
 * that explain and federated queries share.
 */
final class Replies {

  private Replies() {}

  /** The record's value, waiting for an unreachable registry until {@code until}. */
  static <T> T decode(Deserializer<T> deserializer, ConsumerRecord<String, byte[]> r, Instant until) {
    return PatientDecoder.decode(deserializer, r.topic(), r.value(), () -> Instant.now().isBefore(until));
  }

  /** The first record keyed {@code key} that {@code consumer} reads before {@code until}, decoded; else empty. */
  static <T> Optional<T> first(KafkaConsumer<String, byte[]> consumer, String key, Deserializer<T> deserializer,
      Instant until) {
    while (Instant.now().isBefore(until)) {
      for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(100))) {
        if (key.equals(r.key()) && r.value() != null) {
          return Optional.of(decode(deserializer, r, until));
        }
      }
    }
    return Optional.empty();
  }
}
