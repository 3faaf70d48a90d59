package dev.atmosphere.monitoring;

import dev.atmosphere.common.config.Settings;
import dev.atmosphere.common.config.TopicsConfig;
import dev.atmosphere.common.kafka.KafkaConnection;
import dev.atmosphere.schemas.topics.Topics;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The monitoring job: mesh topics in (Kafka source, Avro via the registry), alerts out ({@code atmosphere.alerts},
 * at-least-once; with {@code monitoring.checkpoint.dir} set the job checkpoints every
 * {@code monitoring.checkpoint.interval}, 10 s, so partial matches survive a restart, and an alert repeated after a crash
 * keeps its {@code alertId}). {@link #main} is the entry point of the job jar on a Flink cluster ({@code flink run}); the
 * launcher calls {@link #run} on a local MiniCluster. Keys: {@code monitoring.*} (see {@link MonitoringConfig}),
 * {@code monitoring.group.id}, {@code monitoring.start} ({@code latest} or {@code earliest} when no offsets are
 * committed), plus the Kafka connection keys.
 */
public final class MonitoringJob {

  private static final Logger log = LoggerFactory.getLogger(MonitoringJob.class);

  private MonitoringJob() {}

  public static void main(String[] args) throws Exception {
    Settings settings = Settings.load(args.length > 0 ? Path.of(args[0]) : null, System.getenv(), Map.of());
    run(StreamExecutionEnvironment.getExecutionEnvironment(), settings);
  }

  /** Builds the job on {@code env} and executes it (blocks until cancelled, or forever on a cluster). */
  public static JobExecutionResult run(StreamExecutionEnvironment env, Settings settings) throws Exception {
    build(env, settings);
    return env.execute("atmosphere-monitoring");
  }

  /** Builds and submits the job without waiting; cancel it through the returned client. */
  public static org.apache.flink.core.execution.JobClient start(StreamExecutionEnvironment env, Settings settings)
      throws Exception {
    build(env, settings);
    return env.executeAsync("atmosphere-monitoring");
  }

  public static void build(StreamExecutionEnvironment env, Settings settings) {
    KafkaConnection kafka = KafkaConnection.from(settings);
    Topics topics = TopicsConfig.from(settings);
    MonitoringConfig config = MonitoringConfig.from(settings);
    String group = settings.get(MonitoringKeys.GROUP_ID);
    boolean earliest = settings.get(MonitoringKeys.START).equals("earliest");
    boolean checkpointed = settings.optional(MonitoringKeys.CHECKPOINT_DIR).isPresent();
    java.time.Duration interval = settings.get(MonitoringKeys.CHECKPOINT_INTERVAL);
    settings.validate();
    if (checkpointed) { // partial matches, windows and offsets survive a restart
      env.enableCheckpointing(interval.toMillis(), org.apache.flink.core.execution.CheckpointingMode.EXACTLY_ONCE);
    }
    Properties client = kafka.clientProps();
    client.put("isolation.level", "read_committed");
    KafkaSource<MeshEvent> source = KafkaSource.<MeshEvent>builder()
        .setBootstrapServers(kafka.bootstrapServers())
        .setTopics(topics.verifiedNodeStatus(), topics.results(), topics.routerDlq(), topics.workDlq(),
            topics.scaleDlq(), topics.migrations())
        .setGroupId(group)
        .setProperties(client)
        .setStartingOffsets(OffsetsInitializer.committedOffsets(
            earliest ? OffsetResetStrategy.EARLIEST : OffsetResetStrategy.LATEST))
        .setDeserializer(new MeshEventDeserializer(kafka.registryUrl(), kafka.registryLogin(), topics))
        .build();
    MonitoringTopology.Streams streams = MonitoringTopology.build(
        env.fromSource(source, MonitoringTopology.watermarks(config), "mesh-topics").uid("mesh-topics"), config);
    streams.timedOut().map(t -> {
      log.debug("partial match timed out: {}", t);
      return t;
    }).name("log-timed-out").uid("log-timed-out").sinkTo(new org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink<>())
        .name("timed-out-logged").uid("timed-out-logged");
    streams.alerts().sinkTo(KafkaSink.<AlertEvent>builder()
        .setBootstrapServers(kafka.bootstrapServers())
        .setKafkaProducerConfig(kafka.clientProps())
        .setRecordSerializer(new AlertSerializer(kafka.registryUrl(), kafka.registryLogin(), topics.alerts()))
        // not EXACTLY_ONCE: the connector's transactional writer calls a Kafka client internal that client 4.x removed
        // (NoSuchMethodError at the first checkpoint); a repeated alert keeps its alertId, readers drop the repeat
        .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
        .build()).name("alerts-sink").uid("alerts-sink");
  }
}
