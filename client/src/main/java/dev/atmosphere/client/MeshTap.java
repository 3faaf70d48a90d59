package dev.atmosphere.client;

import dev.atmosphere.common.kafka.KafkaConnection;
import dev.atmosphere.schemas.Alert;
import dev.atmosphere.schemas.CapabilityAnnouncement;
import dev.atmosphere.schemas.NodeStatus;
import dev.atmosphere.schemas.RouteDecision;
import dev.atmosphere.schemas.WorkResult;
import dev.atmosphere.schemas.serde.AvroSerdes;
import dev.atmosphere.schemas.topics.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's reader of the mesh: keeps the gradient table (capabilities and heartbeats, read from the beginning)
 * for model listing and resolution, and hands routes, chunks and results of in-flight intents (read from the end,
 * read_committed) to the listener registered under their intent id — and, through {@link AttemptTap}, the successful
 * attempts they are answered from before the router's terminal result. No consumer group: every gateway sees all.
 */
public final class MeshTap implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(MeshTap.class);

  private final Topics topics;
  private final AvroSerdes serdes;
  private final NodeProof chunkProof;
  private final KafkaConsumer<String, byte[]> consumer;
  private final Map<String, CapabilityAnnouncement> capabilities = new ConcurrentHashMap<>();
  private final Map<String, NodeStatus> nodes = new ConcurrentHashMap<>();
  private final Map<String, ReplyListener> listeners = new ConcurrentHashMap<>();
  private final Recent<RouteDecision> routes = new Recent<>(50);
  private final Recent<WorkResult> results = new Recent<>(50);
  private final Recent<Alert> alerts = new Recent<>(20);
  private final Map<String, java.util.concurrent.CompletableFuture<dev.atmosphere.schemas.FederatedResult>> federated =
      new ConcurrentHashMap<>();
  private final CountDownLatch positioned = new CountDownLatch(1);
  private final AttemptTap attempts; // null when not asked for
  private final Thread thread;
  private volatile boolean running = true;

  /** {@code attempts}: also pass on successful attempts ({@link ReplyListener#onAttempt}) as they are written. */
  /** @param meters where refused pieces and attempts are counted (the serving process's registry) */
  public MeshTap(KafkaConnection connection, Topics topics, AvroSerdes serdes, boolean attempts,
      io.micrometer.core.instrument.MeterRegistry meters) {
    this.topics = topics;
    this.serdes = serdes;
    this.chunkProof = NodeProof.forChunks(new dev.atmosphere.schemas.serde.GenericWireReader(serdes.registry()), meters);
    Properties p = connection.clientProps();
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    this.consumer = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
    this.thread = new Thread(this::run, "mesh-tap");
    this.attempts = attempts ? new AttemptTap(connection, topics.attempts(), topics.routes(), serdes, listeners::get,
        meters) : null;
  }

  /** Starts consuming; returns once replies can no longer be missed (positions fixed on every reply topic). */
  public MeshTap start() {
    thread.start();
    try {
      if (!positioned.await(60, TimeUnit.SECONDS)) {
        throw new IllegalStateException("gateway could not subscribe to the mesh topics within 60 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return this;
  }

  /** The result of federated query {@code queryId}, once it arrives (registered before the query is posted). */
  public java.util.concurrent.CompletableFuture<dev.atmosphere.schemas.FederatedResult> awaitFederated(String queryId) {
    return federated.computeIfAbsent(queryId, k -> new java.util.concurrent.CompletableFuture<>());
  }

  public void forgetFederated(String queryId) {
    federated.remove(queryId);
  }

  public void listen(String intentId, ReplyListener listener) {
    listeners.put(intentId, listener);
  }

  public void forget(String intentId) {
    listeners.remove(intentId);
  }

  public List<CapabilityAnnouncement> capabilities() {
    return new ArrayList<>(capabilities.values());
  }

  /** The live view: heartbeats, capabilities, and the latest routes, results and alerts seen since start. */
  public MeshView view() {
    return new MeshView(new ArrayList<>(nodes.values()), capabilities(), routes.list(), results.list(), alerts.list());
  }

  public boolean alive(String nodeId, Instant now) {
    NodeStatus s = nodes.get(nodeId);
    return s != null && s.getExpiresAt().isAfter(now);
  }

  private void run() {
    try {
      List<TopicPartition> tables = partitions(topics.verifiedCapabilities(), topics.verifiedNodeStatus());
      List<TopicPartition> replies = partitions(topics.routes(), topics.results(), topics.resultChunks(),
          topics.alerts(), topics.federatedResults());
      List<TopicPartition> all = new ArrayList<>(tables);
      all.addAll(replies);
      consumer.assign(all);
      consumer.seekToBeginning(tables);
      consumer.seekToEnd(replies);
      replies.forEach(consumer::position);
      if (attempts != null) {
        attempts.start(); // positioned too before a caller may post: its attempt cannot be missed
      }
      positioned.countDown();
      while (running) {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(100))) {
          dispatch(r);
        }
      }
    } catch (WakeupException e) {
      if (running) {
        throw e;
      }
    } finally {
      consumer.close();
    }
  }

  private List<TopicPartition> partitions(String... names) {
    List<TopicPartition> out = new ArrayList<>();
    for (String name : names) {
      consumer.partitionsFor(name, Duration.ofSeconds(30))
          .forEach(i -> out.add(new TopicPartition(i.topic(), i.partition())));
    }
    return out;
  }

  private void dispatch(ConsumerRecord<String, byte[]> r) {
    try {
      String topic = r.topic();
      if (topic.equals(topics.verifiedCapabilities())) {
        table(capabilities, r, () -> decode(serdes.capability().deserializer(), topic, r.value()));
      } else if (topic.equals(topics.verifiedNodeStatus())) {
        table(nodes, r, () -> decode(serdes.nodeStatus().deserializer(), topic, r.value()));
      } else if (topic.equals(topics.federatedResults())) {
        var waiting = r.key() == null || r.value() == null ? null : federated.remove(r.key());
        if (waiting != null) {
          waiting.complete(decode(serdes.serde(dev.atmosphere.schemas.FederatedResult.class).deserializer(), topic,
              r.value()));
        }
      } else if (topic.equals(topics.alerts())) {
        Alert alert = r.value() == null ? null : decode(serdes.serde(Alert.class).deserializer(), topic, r.value());
        if (alert != null && !Alerts.repeats(alert, alerts.list())) { // a restarted job may write one again
          alerts.add(alert);
        }
      } else {
        reply(r, topic);
      }
    } catch (RuntimeException e) {
      log.warn("gateway skipped an unreadable record at {}-{}@{}: {}", r.topic(), r.partition(), r.offset(),
          e.getMessage());
    }
  }

  /** A route, chunk or result: to the listener of its intent; routes and results also into the live view. */
  private void reply(ConsumerRecord<String, byte[]> r, String topic) {
    if (r.value() == null || topic.equals(topics.resultChunks()) && (r.key() == null || !listeners.containsKey(r.key()))) {
      return; // chunks are decoded only for someone waiting
    }
    ReplyListener listener = r.key() == null ? null : listeners.get(r.key());
    if (topic.equals(topics.routes())) {
      RouteDecision route = decode(serdes.route().deserializer(), topic, r.value());
      routes.add(route);
      if (listener != null) {
        listener.onRoute(route);
      }
    } else if (topic.equals(topics.resultChunks())) {
      String refused = chunkProof.problem(topic, r.value());
      if (refused == null) {
        listener.onChunk(decode(serdes.chunk().deserializer(), topic, r.value()));
      } else {
        log.warn("streamed piece for intent {} refused: {}", r.key(), refused);
      }
    } else {
      WorkResult result = decode(serdes.result().deserializer(), topic, r.value());
      results.add(result);
      if (listener != null) {
        listener.onResult(result);
      }
    }
  }

  /** Decodes, waiting out a registry outage while the tap runs: a reply someone waits for is never skipped. */
  private <T> T decode(org.apache.kafka.common.serialization.Deserializer<T> deserializer, String topic, byte[] value) {
    return dev.atmosphere.common.kafka.PatientDecoder.decode(deserializer, topic, value, () -> running);
  }

  private static <V> void table(Map<String, V> table, ConsumerRecord<String, byte[]> r,
      java.util.function.Supplier<V> decode) {
    if (r.value() == null) {
      table.remove(r.key());
    } else {
      table.put(r.key(), decode.get());
    }
  }

  @Override
  public void close() {
    running = false;
    consumer.wakeup();
    try {
      thread.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (attempts != null) {
      attempts.close(); // after the tap's thread, which starts it
    }
  }
}
