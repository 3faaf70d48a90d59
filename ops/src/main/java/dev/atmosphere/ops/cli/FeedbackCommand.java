package dev.atmosphere.ops.cli;

import dev.atmosphere.common.config.Settings;
import dev.atmosphere.common.kafka.KafkaConnection;
import dev.atmosphere.client.MeshClient;
import dev.atmosphere.schemas.Intent;
import dev.atmosphere.schemas.RouteFeedback;
import dev.atmosphere.schemas.WorkResult;
import dev.atmosphere.schemas.topics.Topics;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code atmosphere feedback <intent-id> good|wrong [--should-be CAPABILITY]}: a person's word on where an intent
 * went. Looks the intent and its result up on the mesh, then writes a {@code RouteFeedback} to the compacted
 * feedback topic; every router learns from it (similar intents lean towards the right capability).
 */
@Command(name = "feedback", description = "Mark where an intent went as good or wrong; the router learns from it.",
    footer = "Example: ./atmosphere feedback 2069c9bc-… wrong --should-be llamafarm:llm:acme/sql")
final class FeedbackCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin Connection connection;

  @Parameters(index = "0", paramLabel = "INTENT_ID", description = "The intent (see --json output or trace).")
  String intentId;

  @Parameters(index = "1", paramLabel = "VERDICT", description = "good or wrong.")
  String verdict;

  @Option(names = "--should-be", description = "The capability that should have answered (with wrong).")
  String shouldBe;

  @Option(names = "--since", defaultValue = "1440", description = "Look for the intent in the last N minutes.")
  long sinceMinutes;

  @Override
  public Integer call() throws Exception {
    PrintWriter err = spec.commandLine().getErr();
    if (!verdict.equals("good") && !verdict.equals("wrong")) {
      err.println("VERDICT must be good or wrong, not '" + verdict + "'");
      return AtmosphereCli.USAGE;
    }
    Settings settings = connection.settings(AtmosphereCli.home());
    KafkaConnection kafka = connection.kafka(settings);
    MeshClient.checkBroker(kafka, Duration.ofSeconds(5));
    Topics topics = connection.topics(settings);
    if (shouldBe != null && verdict.equals("wrong") && connection.gradientTable().capabilities().stream()
        .noneMatch(c -> c.getCapabilityId().equals(shouldBe))) { // a typo was learned as a place to send intents
      err.println("--should-be " + shouldBe + " is no capability of the mesh (./atmosphere capabilities lists them)");
      return AtmosphereCli.USAGE;
    }
    try (MeshClient client = new MeshClient(kafka, topics);
        KafkaConsumer<String, byte[]> consumer = client.tailConsumer()) {
      List<TopicPartition> parts = MeshClient.partitions(consumer, topics.intents(), topics.routerIntents(),
          topics.results());
      consumer.assign(parts);
      MeshClient.seekToSince(consumer, parts, Duration.ofMinutes(sinceMinutes));
      Map<TopicPartition, Long> end = consumer.endOffsets(parts);
      Intent intent = null;
      WorkResult result = null;
      Instant deadline = Instant.now().plusSeconds(30);
      while ((intent == null || result == null) && Instant.now().isBefore(deadline)
          && parts.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          if (intentId.equals(r.key()) && r.value() != null) {
            if (!r.topic().equals(topics.results())) {
              intent = client.serdes().intent().deserializer().deserialize(r.topic(), r.value());
            } else {
              result = client.serdes().result().deserializer().deserialize(r.topic(), r.value());
            }
          }
        }
      }
      if (intent == null || result == null || result.getCapabilityId() == null) {
        err.println("no routed intent " + intentId + " in the last " + sinceMinutes + " minutes (--since)");
        return AtmosphereCli.INTENT_FAILED;
      }
      RouteFeedback feedback = new RouteFeedback(intentId, intent.getText(), result.getCapabilityId(),
          verdict.equals("good"), verdict.equals("good") ? null : shouldBe, Instant.now());
      try (KafkaProducer<String, RouteFeedback> producer = new KafkaProducer<>(MeshClient.producerProps(kafka),
          client.serdes().keys().serializer(), client.serdes().serde(RouteFeedback.class).serializer())) {
        producer.send(new ProducerRecord<>(topics.feedback(), intentId, feedback)).get(30, TimeUnit.SECONDS);
      }
      spec.commandLine().getOut().println("noted: " + intentId + " → " + result.getCapabilityId() + " was " + verdict
          + (shouldBe != null && !verdict.equals("good") ? "; should be " + shouldBe : "")
          + " (routers learn from it at once)");
      return AtmosphereCli.OK;
    }
  }
}
