package dev.atmosphere.client;

import dev.atmosphere.common.kafka.KafkaConnection;
import dev.atmosphere.common.kafka.PatientDecoder;
import dev.atmosphere.schemas.WorkResult;
import dev.atmosphere.schemas.WorkStatus;
import dev.atmosphere.schemas.serde.AvroSerdes;
import dev.atmosphere.schemas.serde.GenericWireReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Successful attempts, read as soon as their executor writes them: the hop that saves a request about one transaction
 * of the executor and the router's whole hop (attempt → router → terminal result). Read uncommitted on purpose — an
 * answer is as good before its executor's transaction commits (if that transaction aborts, the unit runs again and the
 * router's terminal result holds the answer of the run that committed). Only an attempt signed by the node it names
 * is passed on, and only to a listener waiting for its intent; whether it is the attempt in flight is the listener's
 * call (the gateway's PendingReply checks it against the route). Failed attempts are left to the router's failover.
 * Routes are read here too, as the router writes them: executors run work before the router's transaction commits,
 * so an answer checked against the committed route would wait out that commit anyway (about 8 ms a request).
 */
final class AttemptTap implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(AttemptTap.class);

  private final String topic;
  private final String routesTopic;
  private final AvroSerdes serdes;
  private final NodeProof proof;
  private final Function<String, ReplyListener> listeners;
  private final KafkaConsumer<String, byte[]> consumer;
  private final Thread thread;
  private volatile boolean running = true;

  AttemptTap(KafkaConnection connection, String topic, String routesTopic, AvroSerdes serdes,
      Function<String, ReplyListener> listeners, io.micrometer.core.instrument.MeterRegistry meters) {
    this.topic = topic;
    this.routesTopic = routesTopic;
    this.serdes = serdes;
    this.proof = NodeProof.forAttempts(new GenericWireReader(serdes.registry()), meters);
    this.listeners = listeners;
    Properties p = connection.clientProps();
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    this.consumer = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
    this.thread = new Thread(this::run, "mesh-tap-attempts");
  }

  /**
   * Positions at the end of every partition (so no attempt of a later intent is missed), then reads on. A principal
   * that may not read the attempts topic (ACLs from before this reader) only loses the shortcut: replies then come
   * from the router's results, as they did.
   */
  AttemptTap start() {
    try {
      List<TopicPartition> partitions = new ArrayList<>();
      for (String t : List.of(topic, routesTopic)) {
        consumer.partitionsFor(t, Duration.ofSeconds(30))
            .forEach(i -> partitions.add(new TopicPartition(i.topic(), i.partition())));
      }
      consumer.assign(partitions);
      consumer.seekToEnd(partitions);
      partitions.forEach(consumer::position);
    } catch (org.apache.kafka.common.errors.AuthorizationException e) {
      log.warn("answers wait for the router's results: {} or {} cannot be read ({})", topic, routesTopic,
          e.getMessage());
      running = false;
      consumer.close();
      return this;
    }
    thread.start();
    return this;
  }

  private void run() {
    try {
      while (running) {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(100))) {
          dispatch(r);
        }
      }
    } catch (WakeupException e) {
      if (running) {
        throw e;
      }
    } catch (org.apache.kafka.common.errors.AuthorizationException e) {
      log.warn("answers wait for the router's results: {} or {} can no longer be read ({})", topic, routesTopic,
          e.getMessage());
    } finally {
      consumer.close();
    }
  }

  private void dispatch(ConsumerRecord<String, byte[]> r) {
    ReplyListener listener = r.key() == null || r.value() == null ? null : listeners.apply(r.key());
    if (listener == null) {
      return; // decoded only for someone waiting
    }
    try {
      if (r.topic().equals(routesTopic)) {
        listener.onRoute(PatientDecoder.decode(serdes.route().deserializer(), r.topic(), r.value(), () -> running));
        return;
      }
      WorkResult attempt = PatientDecoder.decode(serdes.result().deserializer(), r.topic(), r.value(), () -> running);
      if (attempt.getStatus() != WorkStatus.SUCCEEDED || !r.key().equals(attempt.getIntentId())) {
        return;
      }
      String refused = proof.problem(r.topic(), r.value());
      if (refused == null) {
        listener.onAttempt(attempt);
      } else {
        log.warn("attempt for intent {} refused: {}", r.key(), refused);
      }
    } catch (RuntimeException e) {
      log.warn("skipped an unreadable attempt at {}-{}@{}: {}", r.topic(), r.partition(), r.offset(), e.getMessage());
    }
  }

  @Override
  public void close() {
    running = false;
    if (thread.getState() == Thread.State.NEW) {
      try {
        consumer.close(); // never started, or refused at start
      } catch (java.util.ConcurrentModificationException e) {
        log.debug("start() still positioning; the reader closes the consumer when it starts: {}", e.toString());
      }
      return;
    }
    consumer.wakeup();
    try {
      thread.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
