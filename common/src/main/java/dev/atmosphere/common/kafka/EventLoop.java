package dev.atmosphere.common.kafka;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small control-plane consumer on its own thread: reads one topic in a consumer group from the earliest offset,
 * decodes each value and hands it to the handler, and commits only after the handler returned — so a process killed
 * mid-work finds the same event again, within the 6 s group session the Streams apps use (not the client's 45 s).
 * An undecodable event, or one the handler fails on, is logged and skipped; a failed commit (a rebalance) is logged
 * and the events are read again — the loop itself never dies while open.
 */
public final class EventLoop<V> implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(EventLoop.class);

  private final KafkaConsumer<String, byte[]> consumer;
  private final String topic;
  private final Deserializer<V> decode;
  private final Consumer<V> handler;
  private final Thread thread;
  private volatile boolean running = true;

  public EventLoop(KafkaConnection connection, String group, String topic, Deserializer<V> decode, Consumer<V> handler,
      Duration maxHandling) {
    Properties c = connection.clientProps();
    c.put(ConsumerConfig.GROUP_ID_CONFIG, group);
    c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "1");
    c.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, Long.toString(Math.max(300_000, maxHandling.toMillis())));
    this.consumer = new KafkaConsumer<>(StreamsDefaults.shortSession(c), new StringDeserializer(), new ByteArrayDeserializer());
    this.topic = topic;
    this.decode = decode;
    this.handler = handler;
    this.thread = new Thread(this::run, group);
  }

  /** An idempotent producer waiting for all replicas: how control events are written. */
  public static <T> KafkaProducer<String, T> producer(KafkaConnection connection, Serializer<String> keys,
      Serializer<T> values) {
    Properties p = connection.clientProps();
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    return new KafkaProducer<>(p, keys, values);
  }

  public EventLoop<V> start() {
    thread.start();
    return this;
  }

  private void run() {
    try {
      consumer.subscribe(List.of(topic));
      while (running) {
        try {
          step();
        } catch (WakeupException e) {
          throw e;
        } catch (RuntimeException e) { // a rebalance during the commit, a handler's bug: the loop must not die of it
          log.warn("{}: {} (the uncommitted events are read again)", topic, e.toString());
        }
      }
    } catch (WakeupException e) {
      if (running) {
        throw e;
      }
    } finally { // bounded: with the broker gone, leaving the group would otherwise wait the client's 30 s
      consumer.close(org.apache.kafka.clients.consumer.CloseOptions.timeout(Duration.ofSeconds(5)));
    }
  }

  /** One poll: each event to the handler (an undecodable one, or one the handler fails on, is logged and skipped). */
  private void step() {
    for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
      try {
        V value = r.value() == null ? null : decode.deserialize(r.topic(), r.value());
        if (value != null) {
          handler.accept(value);
        }
      } catch (RuntimeException e) {
        log.warn("{}: event at {}@{} skipped: {}", topic, r.partition(), r.offset(), e.toString());
      }
    }
    consumer.commitSync();
  }

  @Override
  public void close() {
    running = false;
    consumer.wakeup();
    try {
      thread.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
