package dev.atmosphere.common.kafka;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.config.ConfigResource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells an operator, once at start, when the cluster's brokers would hold every exactly-once hop up to 20 ms after a
 * commit. A transaction's first write to a partition is added to it by the broker, which asks the coordinator again
 * only after {@code add.partitions.to.txn.retry.backoff.ms} while the previous transaction's markers are still being
 * written — Kafka's default 20 ms doubled the router's p99 here. The embedded and compose brokers use 2 ms; a cluster
 * of one's own needs it set by hand. Best effort: a principal that may not describe broker configs (least-privilege
 * ACLs) is not told, and the check never stops a start.
 */
public final class TransactionRetryCheck {

  public static final String KEY = "add.partitions.to.txn.retry.backoff.ms";
  /** The most that does not show in an interactive request's p99. */
  static final long ADVISED_MAX_MS = 5;

  private static final Logger log = LoggerFactory.getLogger(TransactionRetryCheck.class);

  private TransactionRetryCheck() {}

  /** The advice for the cluster {@code admin} talks to, or empty when every broker is set well or none could be read. */
  public static Optional<String> advice(Admin admin, Duration timeout) {
    try {
      List<ConfigResource> brokers = admin.describeCluster().nodes().get(timeout.toMillis(), TimeUnit.MILLISECONDS)
          .stream().map(Node::idString).map(id -> new ConfigResource(ConfigResource.Type.BROKER, id)).toList();
      Map<ConfigResource, Config> configs = admin.describeConfigs(brokers).all()
          .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      Map<String, String> values = new TreeMap<>();
      configs.forEach((broker, config) -> {
        ConfigEntry entry = config.get(KEY);
        if (entry != null && entry.value() != null) {
          values.put(broker.name(), entry.value());
        }
      });
      return advice(values);
    } catch (ExecutionException | TimeoutException e) {
      log.debug("brokers' {} not read: {}", KEY, e.toString());
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  /** The advice for these brokers' values of {@link #KEY} (broker id → value), or empty. */
  static Optional<String> advice(Map<String, String> byBroker) {
    List<String> slow = byBroker.entrySet().stream().filter(e -> millis(e.getValue()) > ADVISED_MAX_MS)
        .map(e -> "broker " + e.getKey() + " " + e.getValue() + " ms").toList();
    if (slow.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(KEY + " is " + String.join(", ", slow) + ": every exactly-once hop (router, executor) may "
        + "wait that long after a commit; set it to 2 on every broker (docs/operations.md, \"Latency or throughput\")");
  }

  private static long millis(String value) {
    try {
      return Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
