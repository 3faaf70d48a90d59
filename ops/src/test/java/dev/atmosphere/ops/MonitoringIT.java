package dev.atmosphere.ops;

import dev.atmosphere.client.MeshClient;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.atmosphere.common.config.Settings;
import dev.atmosphere.common.kafka.KafkaConnection;
import dev.atmosphere.monitoring.MonitoringService;
import dev.atmosphere.ops.embedded.EmbeddedKafka;
import dev.atmosphere.ops.embedded.EmbeddedRegistry;
import dev.atmosphere.schemas.Alert;
import dev.atmosphere.schemas.AlertType;
import dev.atmosphere.schemas.Timings;
import dev.atmosphere.schemas.WorkResult;
import dev.atmosphere.schemas.WorkStatus;
import dev.atmosphere.schemas.serde.AvroSerdes;
import dev.atmosphere.schemas.topics.TopicProvisioner;
import dev.atmosphere.schemas.topics.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The monitoring job on a local Flink MiniCluster reading real Avro (Confluent wire format, registry schemas) from
 * the embedded broker: a burst of failed results on one node becomes a FAILURE_BURST alert on atmosphere.alerts, a
 * failed model migration a MIGRATION_FAILED one.
 */
@Timeout(240)
class MonitoringIT {

  private static final String ASSISTANT = "llamafarm:llm:general/assistant";

  @TempDir Path dir;

  @Test
  void shouldTurnAFailureBurstOnTheResultsTopicIntoAnAvroAlert() throws Exception {
    try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"), 0);
        EmbeddedRegistry registry = registry()) {
      KafkaConnection connection = provisioned(kafka, registry);
      Topics topics = Topics.defaults();
      AvroSerdes serdes = AvroSerdes.forUrl(registry.ccompatUrl());
      Instant t0 = Instant.now().minusSeconds(60);
      try (KafkaProducer<String, WorkResult> producer = producer(connection, serdes)) {
        sendResults(producer, topics, "sick-node", t0, 0, 5, true); // five failures close together,
        sendResults(producer, topics, "sick-node", t0.plusSeconds(20), 5, 6, false); // then a success moves time on
      }
      try (KafkaProducer<String, dev.atmosphere.schemas.MigrationEvent> migrations = new KafkaProducer<>(
          connection.clientProps(), serdes.keys().serializer(),
          serdes.serde(dev.atmosphere.schemas.MigrationEvent.class).serializer())) {
        migrations.send(new ProducerRecord<>(topics.migrations(), "m-1", dev.atmosphere.schemas.MigrationEvent
            .newBuilder().setMigrationId("m-1").setPhase(dev.atmosphere.schemas.MigrationPhase.FAILED)
            .setModel("tiny:latest").setSourceNodeId("gpu-box").setTargetNodeId("laptop").setBytesDone(0)
            .setBytesTotal(1).setError("no space left on device").setAt(t0.plusSeconds(30)).build())).get();
      }
      Settings settings = settings(kafka, registry, Map.of("monitoring.failures.window", "30s"));
      List<Alert> alerts = new ArrayList<>();
      try (MonitoringService monitoring = MonitoringService.start(settings);
          KafkaConsumer<String, byte[]> consumer = alertReader(connection, topics)) {
        var reader = serdes.serde(Alert.class).deserializer();
        await().atMost(Duration.ofSeconds(120)).until(() -> drain(consumer, reader, alerts).stream()
            .filter(a -> a.getType() == AlertType.FAILURE_BURST).count() >= 2
            && alerts.stream().anyMatch(a -> a.getType() == AlertType.MIGRATION_FAILED));
      }
      assertThat(alerts).filteredOn(a -> a.getType() == AlertType.MIGRATION_FAILED).singleElement()
          .satisfies(a -> assertThat(a.getMessage()).contains("tiny:latest").contains("no space left on device"));
      assertThat(alerts).filteredOn(a -> a.getType() == AlertType.FAILURE_BURST)
          .extracting(Alert::getSubject).contains("sick-node", ASSISTANT);
      assertThat(alerts).filteredOn(a -> a.getSubject().equals("sick-node")).first()
          .satisfies(a -> assertThat(a.getMessage()).contains("5 failures on node").contains("HTTP 500"));
    }
  }

  /**
   * Three failures before a restart, two after, and the first three deleted from the log in between: the burst of five
   * is found only because the partial match came back from the checkpoint kept at cancel — and it is alerted once.
   */
  @Test
  void shouldCarryAPartialMatchOverARestartAndAlertOnce() throws Exception {
    try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"), 0);
        EmbeddedRegistry registry = registry()) {
      KafkaConnection connection = provisioned(kafka, registry);
      Topics topics = Topics.defaults();
      AvroSerdes serdes = AvroSerdes.forUrl(registry.ccompatUrl());
      Path checkpoints = dir.resolve("checkpoints");
      Settings settings = settings(kafka, registry, Map.of("monitoring.failures.window", "60s",
          "monitoring.checkpoint.dir", checkpoints.toString(), "monitoring.checkpoint.interval", "1s"));
      Instant t0 = Instant.now().minusSeconds(120);
      try (KafkaProducer<String, WorkResult> producer = producer(connection, serdes)) {
        sendResults(producer, topics, "flaky-node", t0, 0, 3, true);
        try (MonitoringService first = MonitoringService.start(settings)) {
          // several checkpoints after the start, so the newest one surely holds the three failures: the source's
          // first read waits for the registry, and a loaded machine once cancelled the job (at 3) before it had them
          await().atMost(Duration.ofSeconds(90)).until(() -> completedCheckpoint(checkpoints) >= 8);
        } // cancelled: the newest checkpoint is kept
        try (Admin admin = Admin.create(connection.clientProps())) { // gone from the log: only the checkpoint has them
          admin.deleteRecords(Map.of(new org.apache.kafka.common.TopicPartition(topics.results(), 0),
              org.apache.kafka.clients.admin.RecordsToDelete.beforeOffset(3))).all().get();
        }
        sendResults(producer, topics, "flaky-node", t0, 3, 5, true);
        sendResults(producer, topics, "flaky-node", t0.plusSeconds(40), 5, 6, false); // moves event time on
        List<Alert> alerts = new ArrayList<>();
        try (MonitoringService second = MonitoringService.start(settings);
            KafkaConsumer<String, byte[]> consumer = alertReader(connection, topics)) {
          var reader = serdes.serde(Alert.class).deserializer();
          await().atMost(Duration.ofSeconds(120)).until(() -> drain(consumer, reader, alerts).stream()
              .anyMatch(a -> a.getSubject().equals("flaky-node")));
          await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(20))
              .until(() -> drain(consumer, reader, alerts) != null);
        }
        assertThat(alerts).filteredOn(a -> a.getSubject().equals("flaky-node")).singleElement()
            .satisfies(a -> assertThat(a.getMessage()).contains("5 failures on node"));
      }
    }
  }

  private EmbeddedRegistry registry() throws Exception {
    return EmbeddedRegistry.start(EmbeddedRegistry.locateJar(Path.of("..").toAbsolutePath().normalize()), 0,
        dir.resolve("registry.log"), Duration.ofSeconds(90));
  }

  private static KafkaConnection provisioned(EmbeddedKafka kafka, EmbeddedRegistry registry) throws Exception {
    KafkaConnection connection = new KafkaConnection(kafka.bootstrapServers(), registry.ccompatUrl(), Map.of());
    Topics topics = Topics.defaults();
    try (Admin admin = Admin.create(connection.clientProps())) {
      new TopicProvisioner(admin, topics, Duration.ofSeconds(60)).ensure(topics.shared());
    }
    return connection;
  }

  private static Settings settings(EmbeddedKafka kafka, EmbeddedRegistry registry, Map<String, String> extra) {
    Map<String, String> values = new java.util.HashMap<>(Map.of(KafkaConnection.BOOTSTRAP, kafka.bootstrapServers(),
        KafkaConnection.REGISTRY, registry.ccompatUrl(), "monitoring.start", "earliest",
        "monitoring.out.of.orderness", "1s", "monitoring.failures.count", "5"));
    values.putAll(extra);
    return Settings.of(values);
  }

  private static KafkaProducer<String, WorkResult> producer(KafkaConnection connection, AvroSerdes serdes) {
    return new KafkaProducer<>(connection.clientProps(), serdes.keys().serializer(), serdes.result().serializer());
  }

  /** Results {@code from}..{@code to}-1 of one node, result i at {@code t0} + i seconds. */
  private static void sendResults(KafkaProducer<String, WorkResult> producer, Topics topics, String node, Instant t0,
      int from, int to, boolean failed) {
    for (int i = from; i < to; i++) {
      Instant at = t0.plusSeconds(i);
      producer.send(new ProducerRecord<>(topics.results(), 0, node + i, WorkResult.newBuilder()
          .setIntentId(node + i).setStatus(failed ? WorkStatus.FAILED : WorkStatus.SUCCEEDED)
          .setNodeId(node).setCapabilityId(ASSISTANT)
          .setError(failed ? "HTTP 500 from backend" : null)
          .setTimings(Timings.newBuilder().setIntentCreatedAt(at.minusMillis(200)).setFinishedAt(at).build())
          .build()));
    }
    producer.flush();
  }

  /** Reads atmosphere.alerts from the start, committed records only. */
  private static KafkaConsumer<String, byte[]> alertReader(KafkaConnection connection, Topics topics) {
    Properties p = connection.clientProps();
    p.put("isolation.level", "read_committed");
    KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(p,
        new org.apache.kafka.common.serialization.StringDeserializer(),
        new org.apache.kafka.common.serialization.ByteArrayDeserializer());
    var partitions = MeshClient.partitions(consumer, topics.alerts());
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
    return consumer;
  }

  private static List<Alert> drain(KafkaConsumer<String, byte[]> consumer,
      org.apache.kafka.common.serialization.Deserializer<Alert> reader, List<Alert> alerts) {
    for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
      alerts.add(reader.deserialize(r.topic(), r.value()));
    }
    return alerts;
  }

  /** The number of the newest completed checkpoint on disk (0: none yet). */
  private static long completedCheckpoint(Path dir) throws java.io.IOException {
    if (!java.nio.file.Files.isDirectory(dir)) {
      return 0;
    }
    try (var files = java.nio.file.Files.find(dir, 3, (p, a) -> p.getFileName().toString().equals("_metadata"))) {
      return files.mapToLong(p -> Long.parseLong(p.getParent().getFileName().toString().substring(4))).max()
          .orElse(0);
    }
  }
}
