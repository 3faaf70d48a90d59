package dev.atmosphere.ops.examples;

import dev.atmosphere.schemas.Intent;
import dev.atmosphere.schemas.IntentConstraints;
import dev.atmosphere.schemas.IntentKind;
import dev.atmosphere.schemas.WorkResult;
import dev.atmosphere.schemas.serde.AvroSerdes;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * The smallest Kafka-native producer of the mesh, with nothing but Kafka clients and the Avro serdes: post an
 * Intent to {@code atmosphere.intents}, read its WorkResult from {@code atmosphere.results} (read_committed).
 * Run: {@code java -cp "ops/target/ops-0.1.0-SNAPSHOT.jar:ops/target/lib/*" dev.atmosphere.ops.examples.IntentProducerExample
 * localhost:9092 http://localhost:8081/apis/ccompat/v7 "summarise this contract"}
 */
public final class IntentProducerExample {

  private IntentProducerExample() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 3) {
      System.err.println("usage: IntentProducerExample <bootstrap servers> <registry url> <text>");
      System.exit(2);
    }
    WorkResult result = ask(args[0], args[1], args[2], Duration.ofSeconds(120));
    System.out.println(result == null ? "no result within 120 s" : result.getStatus() + ": "
        + (result.getOutput() != null ? result.getOutput() : result.getError()));
  }

  /** Posts one chat intent and waits for its result; null on timeout. */
  public static WorkResult ask(String bootstrap, String registryUrl, String text, Duration timeout) throws Exception {
    AvroSerdes serdes = AvroSerdes.forUrl(registryUrl);
    Properties props = new Properties();
    props.put("bootstrap.servers", bootstrap);
    Properties consumerProps = new Properties();
    consumerProps.putAll(props);
    consumerProps.put("isolation.level", "read_committed"); // results are written in transactions
    try (KafkaConsumer<String, WorkResult> results = new KafkaConsumer<>(consumerProps, serdes.keys().deserializer(),
            serdes.result().deserializer());
        KafkaProducer<String, Intent> intents = new KafkaProducer<>(props, serdes.keys().serializer(),
            serdes.intent().serializer())) {
      List<TopicPartition> partitions = results.partitionsFor("atmosphere.results").stream()
          .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
      results.assign(partitions);
      results.seekToEnd(partitions);
      partitions.forEach(results::position); // listen before asking

      String id = UUID.randomUUID().toString();
      Intent intent = Intent.newBuilder()
          .setIntentId(id)
          .setKind(IntentKind.CHAT)
          .setText(text)
          .setConstraints(IntentConstraints.newBuilder().build())
          .setCreatedAt(Instant.now())
          .setDeadlineAt(Instant.now().plus(timeout))
          .build();
      intents.send(new ProducerRecord<>("atmosphere.intents", id, intent)).get(); // key = intent id

      Instant deadline = Instant.now().plus(timeout);
      while (Instant.now().isBefore(deadline)) {
        for (ConsumerRecord<String, WorkResult> r : results.poll(Duration.ofMillis(200))) {
          if (id.equals(r.key())) {
            return r.value();
          }
        }
      }
      return null;
    }
  }
}
