package dev.atmosphere.scaler.actuator;

import dev.atmosphere.common.kafka.DeadLetters;
import dev.atmosphere.common.kafka.KafkaConnection;
import dev.atmosphere.schemas.ScaleCommand;
import dev.atmosphere.schemas.serde.AvroSerdes;
import dev.atmosphere.schemas.serde.RegistryUnavailableException;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads {@code atmosphere.scale.commands} and applies each command, committing after each poll's commands were applied
 * (at-least-once; actuators are idempotent: "scale to N", "wake these machines"). A record nobody can read goes to the
 * scaler's DLQ with why and is committed; a fault (registry down, an actuator throwing) is not the record's fault: the
 * record is read again at the next poll, never dead-lettered.
 */
public final class ScaleCommandConsumer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ScaleCommandConsumer.class);

  private final Consumer<String, byte[]> consumer;
  private final Deserializer<ScaleCommand> decode;
  private final DeadLetters deadLetters;
  private final java.util.function.Consumer<ScaleCommand> apply;
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final Thread thread;

  ScaleCommandConsumer(Consumer<String, byte[]> consumer, String topic, Deserializer<ScaleCommand> decode,
      DeadLetters deadLetters, java.util.function.Consumer<ScaleCommand> apply) {
    this.consumer = consumer;
    this.decode = decode;
    this.deadLetters = deadLetters;
    this.apply = apply;
    consumer.subscribe(List.of(topic));
    this.thread = new Thread(this::loop, "scale-actuators");
  }

  /** The actuators' consumer in group {@code groupId}, dead letters to {@code dlqTopic}. */
  public static ScaleCommandConsumer create(KafkaConnection connection, String topic, String groupId, String dlqTopic,
      ScaleExecutor executor, io.micrometer.core.instrument.MeterRegistry meters) {
    Properties p = connection.clientProps();
    p.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    Properties dlq = connection.clientProps();
    dlq.put("acks", "all");
    AvroSerdes serdes = connection.serdes();
    return new ScaleCommandConsumer(new KafkaConsumer<>(p, serdes.keys().deserializer(), new ByteArrayDeserializer()),
        topic, serdes.serde(ScaleCommand.class).deserializer(), new DeadLetters(new KafkaProducer<>(dlq,
        new ByteArraySerializer(), new ByteArraySerializer()), dlqTopic, "scaler", meters), executor::apply);
  }

  public ScaleCommandConsumer start() {
    thread.start();
    return this;
  }

  private void loop() {
    try {
      while (running.get()) {
        pollOnce(Duration.ofMillis(500));
      }
    } catch (org.apache.kafka.common.errors.WakeupException e) {
      log.debug("scale actuators stopping");
    } finally {
      consumer.close(Duration.ofSeconds(5));
    }
  }

  /** One poll: apply, dead-letter or (on a fault) rewind; then commit what is done. */
  void pollOnce(Duration timeout) {
    for (ConsumerRecord<String, byte[]> r : consumer.poll(timeout)) {
      if (r.value() != null && !handled(r)) {
        consumer.seek(new TopicPartition(r.topic(), r.partition()), r.offset()); // again at the next poll
        break;
      }
    }
    consumer.commitSync();
  }

  /** False on a fault: the record must be read again. */
  private boolean handled(ConsumerRecord<String, byte[]> r) {
    ScaleCommand command;
    try {
      command = decode.deserialize(r.topic(), r.value());
    } catch (RuntimeException e) {
      if (RegistryUnavailableException.causedBy(e)) {
        log.warn("schema registry unavailable; scale command at {}@{} will be read again", r.partition(), r.offset());
        return false;
      }
      log.warn("undecodable scale command at {}@{}, sent to {}: {}", r.partition(), r.offset(), deadLetters.topic(),
          e.getMessage());
      deadLetters.send(new ConsumerRecord<>(r.topic(), r.partition(), r.offset(),
          r.key() == null ? null : r.key().getBytes(java.nio.charset.StandardCharsets.UTF_8), r.value()), e);
      return true;
    }
    try {
      apply.accept(command);
      return true;
    } catch (RuntimeException e) {
      log.warn("scale command {} could not be applied, will be tried again: {}", command.getCommandId(),
          e.getMessage());
      return false;
    }
  }

  @Override
  public void close() throws InterruptedException {
    running.set(false);
    consumer.wakeup();
    thread.join(10_000);
  }
}
