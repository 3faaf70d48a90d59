package dev.atmosphere.ops;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads every record of every topic of a broker — internal ones, aborted transactions included — to prove that some
 * bytes (an image, a patient's name) never reached Kafka at all.
 */
final class TopicScan {

  private TopicScan() {}

  /** Topics with a record whose value contains {@code probe}. */
  static Set<String> holding(String bootstrap, byte[] probe) throws Exception {
    Set<String> topics;
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
      topics = admin.listTopics(new ListTopicsOptions().listInternal(true)).names().get();
    }
    Set<String> holding = new TreeSet<>();
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted",
        ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 8 << 20), new ByteArrayDeserializer(),
        new ByteArrayDeserializer())) {
      List<TopicPartition> parts = topics.stream().flatMap(t -> consumer.partitionsFor(t).stream()
          .map(p -> new TopicPartition(t, p.partition()))).toList();
      consumer.assign(parts);
      consumer.seekToBeginning(parts);
      Map<TopicPartition, Long> end = consumer.endOffsets(parts);
      await().atMost(Duration.ofSeconds(30)).until(() -> {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          if (r.value() != null && contains(r.value(), probe)) {
            holding.add(r.topic());
          }
        }
        return parts.stream().allMatch(p -> consumer.position(p) >= end.get(p));
      });
    }
    return holding;
  }

  private static boolean contains(byte[] hay, byte[] needle) {
    outer:
    for (int i = 0; i <= hay.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }
}
