package dev.atmosphere.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atmosphere.common.kafka.KafkaConnection;
import dev.atmosphere.executor.ExecutorProducers;
import dev.atmosphere.ops.embedded.EmbeddedKafka;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node killed inside its result transaction must not hold back the other nodes' answers for long: readers of the
 * attempts topic read committed, so an attempt another node commits after the dead node's open transaction on the
 * same partition stays invisible until the coordinator aborts that transaction. With the client's default timeout
 * that was a minute; with the executor's own producer settings it must be seconds.
 */
@Timeout(120)
class DeadNodeTransactionIT {

  private static final String TOPIC = "atmosphere.attempts.test";

  @TempDir Path dir;

  @Test
  void shouldShowAnotherNodesAttemptWithinSecondsOfANodeDyingInsideItsTransaction() throws Exception {
    try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"), 0)) {
      KafkaConnection connection = new KafkaConnection(kafka.bootstrapServers(), "http://127.0.0.1:1", Map.of());
      try (Admin admin = Admin.create(connection.clientProps())) {
        admin.createTopics(List.of(new NewTopic(TOPIC, 1, (short) 1))).all().get();
      }
      KafkaProducer<String, String> dying = producer(connection, "dying-node");
      dying.initTransactions();
      dying.beginTransaction();
      dying.send(new ProducerRecord<>(TOPIC, "intent-1", "never committed")).get();
      dying.close(Duration.ZERO); // a forced close sends no abort: the transaction stays open, as after kill -9
      long died = System.nanoTime();

      try (KafkaProducer<String, String> alive = producer(connection, "live-node")) {
        alive.initTransactions();
        alive.beginTransaction();
        alive.send(new ProducerRecord<>(TOPIC, "intent-2", "answer"));
        alive.commitTransaction();
      }

      List<String> read = readCommitted(connection, Duration.ofSeconds(60));
      double waited = (System.nanoTime() - died) / 1e9;
      System.out.printf("another node's attempt readable %.1f s after the node died in its transaction%n", waited);
      assertThat(read).as("what a read_committed reader saw").containsExactly("answer");
      assertThat(waited).as("seconds until the live node's attempt could be read").isLessThan(15.0);
    }
  }

  private static KafkaProducer<String, String> producer(KafkaConnection connection, String nodeId) {
    Properties p = ExecutorProducers.results(connection, nodeId);
    return new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
  }

  private static List<String> readCommitted(KafkaConnection connection, Duration patience) {
    Properties p = connection.clientProps();
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    List<String> values = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p, new StringDeserializer(),
        new StringDeserializer())) {
      TopicPartition tp = new TopicPartition(TOPIC, 0);
      consumer.assign(List.of(tp));
      consumer.seekToBeginning(List.of(tp));
      long deadline = System.nanoTime() + patience.toNanos();
      while (values.isEmpty() && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
          values.add(r.value());
        }
      }
      values.addAll(consumer.poll(Duration.ofMillis(500)).records(tp).stream().map(ConsumerRecord::value).toList());
    }
    return values;
  }
}
