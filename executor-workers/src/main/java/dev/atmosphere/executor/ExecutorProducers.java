package dev.atmosphere.executor;

import dev.atmosphere.common.kafka.KafkaConnection;
import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * The executor's producer settings in one place, because one of them decides how long a dead node can hold others
 * back: a node killed inside its result transaction leaves that transaction open, and every read_committed reader of
 * the attempts partitions it wrote (the router, the gateways) sees nothing past it until the coordinator aborts it.
 * The client's default allows a minute; the executor's transactions (its finished attempts and their offsets) last
 * milliseconds, so it asks for the mesh's 5 s ({@code StreamsDefaults.TRANSACTION_MS}; {@code
 * kafka.client.transaction.timeout.ms} overrides it). One that outlives that (a broker outage mid-commit) is aborted,
 * the loop's producer is fenced, and {@link Supervised} starts a new loop that runs the units again.
 */
public final class ExecutorProducers {

  private ExecutorProducers() {}

  /** Idempotent, every replica acknowledges: dead letters, pieces, federated parts. */
  public static Properties plain(KafkaConnection connection) {
    Properties p = connection.clientProps();
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    return p;
  }

  /** The node's one transactional producer of finished attempts (its id fences a previous instance of the node). */
  public static Properties results(KafkaConnection connection, String nodeId) {
    Properties p = plain(connection);
    p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "atmosphere-executor-" + nodeId);
    p.putIfAbsent(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG,
        Integer.toString(dev.atmosphere.common.kafka.StreamsDefaults.TRANSACTION_MS));
    p.put(ProducerConfig.LINGER_MS_CONFIG, "0");
    return p;
  }
}
