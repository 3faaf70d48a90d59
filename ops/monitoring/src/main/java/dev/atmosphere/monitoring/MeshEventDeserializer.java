package dev.atmosphere.monitoring;

import dev.atmosphere.schemas.NodeStatus;
import dev.atmosphere.schemas.WorkResult;
import dev.atmosphere.schemas.serde.ConfluentAvroDeserializer;
import dev.atmosphere.schemas.serde.HttpSchemaRegistryClient;
import dev.atmosphere.schemas.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the mesh topics the job watches — verified heartbeats, terminal results, failed model migrations (Avro,
 * Confluent wire format, schemas from the registry) and the dead-letter topics (raw bytes; the reason is in the headers) — into
 * {@link MeshEvent}s. A record that does not decode is logged with its coordinates and skipped: these topics are
 * written by the mesh itself, so one is a bug to report, not data to stop on.
 */
final class MeshEventDeserializer implements KafkaRecordDeserializationSchema<MeshEvent> {

  private static final Logger log = LoggerFactory.getLogger(MeshEventDeserializer.class);

  private final String registryUrl;
  private final String registryLogin;
  private final String heartbeatTopic;
  private final String resultTopic;
  private final String migrationTopic;
  private transient ConfluentAvroDeserializer<NodeStatus> heartbeats;
  private transient ConfluentAvroDeserializer<WorkResult> results;
  private transient ConfluentAvroDeserializer<dev.atmosphere.schemas.MigrationEvent> migrations;

  MeshEventDeserializer(String registryUrl, String registryLogin, Topics topics) {
    this.registryUrl = registryUrl;
    this.registryLogin = registryLogin;
    this.heartbeatTopic = topics.verifiedNodeStatus(); // names only: Topics is not serializable
    this.resultTopic = topics.results();
    this.migrationTopic = topics.migrations();
  }

  @Override
  public void open(DeserializationSchema.InitializationContext context) {
    HttpSchemaRegistryClient registry = new HttpSchemaRegistryClient(registryUrl,
        java.time.Duration.ofSeconds(10), registryLogin);
    heartbeats = new ConfluentAvroDeserializer<>(registry, NodeStatus.class);
    results = new ConfluentAvroDeserializer<>(registry, WorkResult.class);
    migrations = new ConfluentAvroDeserializer<>(registry, dev.atmosphere.schemas.MigrationEvent.class);
  }

  @Override
  public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<MeshEvent> out) {
    if (record.value() == null) {
      return; // a tombstone on a compacted topic
    }
    try {
      String topic = record.topic();
      if (topic.equals(heartbeatTopic)) {
        NodeStatus s = heartbeats.deserialize(topic, record.value());
        out.collect(MeshEvent.heartbeat(s.getNodeId(), s.getReportedAt().toEpochMilli(),
            s.getExpiresAt().toEpochMilli(), s.getQueueDepth()));
      } else if (topic.equals(resultTopic)) {
        WorkResult r = results.deserialize(topic, record.value());
        long latency = Duration.between(r.getTimings().getIntentCreatedAt(), r.getTimings().getFinishedAt()).toMillis();
        out.collect(MeshEvent.result(r.getNodeId(), r.getCapabilityId(), r.getStatus().name(),
            r.getTimings().getFinishedAt().toEpochMilli(), latency, r.getError()));
      } else if (topic.equals(migrationTopic)) {
        dev.atmosphere.schemas.MigrationEvent m = migrations.deserialize(topic, record.value());
        if (m.getPhase() == dev.atmosphere.schemas.MigrationPhase.FAILED) {
          out.collect(MeshEvent.migrationFailed(m.getMigrationId(), m.getModel(), m.getTargetNodeId(),
              m.getAt().toEpochMilli(), m.getError()));
        }
      } else {
        out.collect(MeshEvent.deadLetter(topic, record.timestamp(), header(record, "__streams.errors.exception")
            + ": " + header(record, "__streams.errors.message")));
      }
    } catch (RuntimeException e) {
      log.warn("monitoring skips an undecodable record at {}-{}@{}: {}", record.topic(), record.partition(),
          record.offset(), e.getMessage());
    }
  }

  private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
    Header h = record.headers().lastHeader(name);
    return h == null ? "?" : new String(h.value(), StandardCharsets.UTF_8);
  }

  @Override
  public TypeInformation<MeshEvent> getProducedType() {
    return TypeInformation.of(MeshEvent.class);
  }
}
