package dev.atmosphere.common.kafka;

import java.nio.file.Path;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.DefaultProductionExceptionHandler;

/**
 * The Streams settings every topology of the mesh shares: exactly-once v2; undecodable and unprocessable
 * records go to a dead-letter topic (Kafka's built-in DLQ, reason in {@code __streams.errors.*} headers) and the
 * stream keeps running — unless the cause is a schema-registry outage, which fails the task to be retried; production failures fail the task rather than lose output; internal resources must be
 * named explicitly. Group membership is short-lived by default: a 6 s session (the broker's minimum) with 0.5 s
 * heartbeats, so a machine killed with {@code kill -9} gives its partitions up in seconds, not after the client
 * default of 45 s, and the survivors hear of the rebalance at once; {@code kafka.client.session.timeout.ms}
 * overrides it.
 */
public final class StreamsDefaults {

  /** The broker's default {@code group.min.session.timeout.ms}: the shortest session a group may ask for. */
  public static final int SESSION_MS = 6000;

  /**
   * How long a transaction may stay open before the coordinator aborts it (Streams' own default is 10 s, a plain
   * producer's 60 s). A process killed inside one holds back every read_committed reader of the partitions it wrote
   * until then — the router's work and results, the site link's inbound attempts, an executor's attempts — and these
   * transactions last one commit interval (milliseconds), so 5 s; {@code kafka.client.transaction.timeout.ms}
   * overrides it.
   */
  public static final int TRANSACTION_MS = 5000;

  private StreamsDefaults() {}

  public static Properties of(KafkaConnection connection, String applicationId, Path stateDir, String dlqTopic,
      short replicationFactor) {
    Properties p = new Properties();
    p.putAll(connection.clientProps());
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
    p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toAbsolutePath().toString());
    p.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, Short.toString(replicationFactor));
    p.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, FaultAwareDeserializationHandler.class.getName());
    p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, FaultAwareProcessingHandler.class.getName());
    p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, "true");
    p.put(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG, DefaultProductionExceptionHandler.class.getName());
    p.put(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, dlqTopic);
    p.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, "true");
    p.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
    if (!p.containsKey(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG)) {
      p.put(StreamsConfig.producerPrefix(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG), Integer.toString(TRANSACTION_MS));
    }
    if (!p.containsKey(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG)) {
      p.put(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), Integer.toString(SESSION_MS));
      p.put(StreamsConfig.consumerPrefix(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG), Integer.toString(SESSION_MS / 12));
    }
    return p;
  }

  /** The same short session for a plain consumer group (one that is not a Streams app), unless one is configured. */
  public static Properties shortSession(Properties consumer) {
    if (!consumer.containsKey(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG)) { // a restarted process takes its work back
      consumer.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, Integer.toString(SESSION_MS)); // in seconds
      consumer.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, Integer.toString(SESSION_MS / 12));
    }
    return consumer;
  }
}
