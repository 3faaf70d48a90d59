package dev.atmosphere.site;

import dev.atmosphere.schemas.topics.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A site's name and registry address on its own cluster ({@code <prefix>.site.info}, compacted, plain strings): the
 * one record the other site must read before it knows any schema, so it is not Avro. The link reads it to learn the
 * other site's MirrorMaker 2 alias and where to resolve the schema ids of what is mirrored from there.
 */
public record SiteInfo(String site, String registryUrl) {

  public static void publish(Properties clientProps, Topics topics, SiteInfo info) {
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(clientProps, new StringSerializer(), new StringSerializer())) {
      producer.send(new ProducerRecord<>(topics.sites().info(), "site", info.site()));
      producer.send(new ProducerRecord<>(topics.sites().info(), "registry", info.registryUrl()));
      producer.flush();
    }
  }

  /** The site's latest info, or empty when its cluster has none yet (or did not answer within {@code wait}). */
  public static Optional<SiteInfo> read(Properties clientProps, Topics topics, Duration wait) {
    Properties props = new Properties();
    props.putAll(clientProps);
    props.put("default.api.timeout.ms", Long.toString(Math.max(1000, wait.toMillis())));
    Map<String, String> values = new HashMap<>();
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
      TopicPartition p = new TopicPartition(topics.sites().info(), 0);
      consumer.assign(List.of(p));
      consumer.seekToBeginning(List.of(p));
      long end = consumer.endOffsets(List.of(p), wait).get(p);
      Instant until = Instant.now().plus(wait);
      while (consumer.position(p) < end && Instant.now().isBefore(until)) {
        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
          values.put(r.key(), r.value());
        }
      }
    } catch (org.apache.kafka.common.KafkaException e) {
      return Optional.empty();
    }
    String site = values.get("site");
    String registry = values.get("registry");
    if (site == null || registry == null || !dev.atmosphere.schemas.topics.SiteTopics.SITE.matcher(site).matches()) {
      return Optional.empty();
    }
    return Optional.of(new SiteInfo(site, registry));
  }
}
