package dev.atmosphere.executor;

import dev.atmosphere.backends.Backend;
import dev.atmosphere.backends.builtin.BuiltinEmbeddingsBackend;
import dev.atmosphere.backends.llamafarm.LlamaFarmBackend;
import dev.atmosphere.backends.llamafarm.LlamaFarmLocator;
import dev.atmosphere.backends.ollama.OllamaBackend;
import dev.atmosphere.common.embed.Embedder;
import dev.atmosphere.common.http.JsonHttp;
import dev.atmosphere.common.kafka.DeadLetters;
import dev.atmosphere.executor.continuation.DeliveredText;
import dev.atmosphere.executor.federated.FederatedWorker;
import dev.atmosphere.executor.federated.ReleasedParts;
import dev.atmosphere.schemas.FederatedPart;
import dev.atmosphere.schemas.FederatedTask;
import dev.atmosphere.schemas.Provider;
import dev.atmosphere.schemas.serde.AvroSerdes;
import dev.atmosphere.schemas.serde.GenericWireReader;
import dev.atmosphere.schemas.topics.TopicProvisioner;
import dev.atmosphere.schemas.topics.TopicSpec;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires and runs one node's executor: one consumer group per node on {@code atmosphere.work.<nodeId>},
 * transactional results, the DLQ, and the backends (LlamaFarm located lazily, Ollama, built-in embeddings).
 */
public final class NodeExecutor implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(NodeExecutor.class);

  private final ExecutorConfig config;
  private final WorkRunner runner;
  private final Supervised loop;
  private final ExecutorService pool;
  private final KafkaProducer<byte[], byte[]> dlqProducer;
  private final ChunkPublisher chunks;
  private final DeliveredText delivered;
  private final FederatedWorker federated;
  private final Thread federatedThread;
  private final MeterRegistry meters;

  /**
   * {@code identity} signs this node's attempts; its id must be {@code node.id}. {@code meters}: the process's
   * registry (attempts, DLQ, units running and waiting).
   */
  public NodeExecutor(ExecutorConfig config, dev.atmosphere.common.identity.NodeIdentity identity, Embedder embedder,
      Clock clock, MeterRegistry meters) {
    this.meters = meters;
    if (!identity.nodeId().equals(config.nodeId())) {
      throw new IllegalArgumentException("node.id " + config.nodeId() + " is not this node's identity ("
          + identity.nodeId() + "): the executor signs attempts with the node key, so both must be the same node");
    }
    this.config = config;
    this.runner = runner(config, embedder, clock);
    AvroSerdes serdes = config.connection().serdes();
    this.delivered = new DeliveredText(config.connection(), config.topics().resultChunks(),
        new GenericWireReader(serdes.registry()), Duration.ofSeconds(5), clock);
    if (config.continueStreams()) {
      runner.continueStreamsWith(u -> u.getReplySite() == null ? delivered.find(u) : java.util.Optional.empty());
    }
    this.pool = Executors.newFixedThreadPool(config.maxConcurrent(), r -> new Thread(r, "executor-" + config.nodeId()));
    this.dlqProducer = new KafkaProducer<>(plainProducerProps(), new ByteArraySerializer(), new ByteArraySerializer());
    Properties chunkProps = plainProducerProps();
    chunkProps.put(ProducerConfig.LINGER_MS_CONFIG, "0");
    this.chunks = new ChunkPublisher(new KafkaProducer<>(chunkProps, serdes.keys().serializer(),
        NodeSigned.chunks(identity, serdes.chunk().serializer())), u -> u.getReplySite() == null ? config.topics().resultChunks()
            : config.topics().sites().outbox(u.getReplySite(), "chunks"), config.nodeId(), clock);
    this.loop = new Supervised("work-consumer-" + config.nodeId(), () -> new WorkConsumer(
        new KafkaConsumer<>(consumerProps(), new StringDeserializer(), new ByteArrayDeserializer()),
        new KafkaProducer<>(ExecutorProducers.results(config.connection(), config.nodeId()), serdes.keys().serializer(),
            NodeSigned.attempts(identity, serdes.result().serializer())),
        serdes.work().deserializer(),
        new DeadLetters(dlqProducer, config.topics().workDlq(), config.nodeId(), meters),
        runner, chunks, pool, config.topics().work(config.nodeId()), u -> u.getReplySite() == null
            ? config.topics().attempts() : config.topics().sites().outbox(u.getReplySite(), "attempts"),
        config.pollTimeout(), config.maxConcurrent() + config.maxQueueDepth(), meters), Duration.ofSeconds(2));
    this.federated = new FederatedWorker(config.nodeId(),
        new KafkaConsumer<>(federatedConsumerProps(), new StringDeserializer(), new ByteArrayDeserializer()),
        serdes.serde(FederatedTask.class).deserializer(),
        new KafkaProducer<>(plainProducerProps(), new StringSerializer(), new ByteArraySerializer()),
        serdes.serde(FederatedPart.class).serializer(), config.topics().federatedTasks(),
        config.topics().federatedParts(), runner, new ReleasedParts(config.federatedDir()), clock);
    this.federatedThread = new Thread(federated, "federated-" + config.nodeId());
    federatedThread.setUncaughtExceptionHandler((t, e) -> log.error("federated worker of {} stopped", config.nodeId(), e));
  }

  /** Ten tasks per poll at most, each bounded by the request timeout. */
  private Properties federatedConsumerProps() {
    return consumerProps("atmosphere-federated-", 10, Math.max(300_000L, config.requestTimeout().toMillis() * 12));
  }

  /** This node's backends behind a WorkRunner: what the executor runs, and what a standalone node runs directly. */
  public static WorkRunner runner(ExecutorConfig config, Embedder embedder, Clock clock) {
    JsonHttp http = new JsonHttp(Duration.ofSeconds(5), config.streamIdleTimeout());
    LlamaFarmLocator locator = new LlamaFarmLocator(http, Duration.ofSeconds(5));
    AtomicReference<String> lfUrl = new AtomicReference<>();
    Map<Provider, Backend> backends = Map.of(
        Provider.LLAMAFARM, new LlamaFarmBackend(http,
            () -> lfUrl.updateAndGet(u -> u != null ? u : locator.locate(config.llamafarmUrl()).orElse(null))),
        Provider.OLLAMA, new OllamaBackend(http, config.ollamaHost()),
        Provider.BUILTIN, new BuiltinEmbeddingsBackend(embedder));
    return new WorkRunner(config.nodeId(), backends, config.requestTimeout(), clock, config.maxConcurrent());
  }

  public WorkRunner runner() {
    return runner;
  }

  /**
   * Polls up to twice what the node can hold, so a burst beyond max_queue_depth is REJECTED at once. Work is read as
   * the router writes it, before its transaction commits: the unit runs while the router commits (about 8 ms of every
   * request), and a router killed inside its transaction no longer holds every node's work partition behind it until
   * the transaction times out. A unit whose routing transaction aborts still runs once (a model call spent), but
   * its attempt cannot end the intent: the router re-routes it as a new unit with a new work id, and its ledger takes
   * only the attempt of the unit in flight ({@code FailoverLedger}).
   */
  private Properties consumerProps() {
    Properties p = consumerProps("atmosphere-executor-", 2 * (config.maxConcurrent() + config.maxQueueDepth()),
        maxPollInterval(config.requestTimeout(), config.maxConcurrent(), config.maxQueueDepth()).toMillis());
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
    return p;
  }

  /**
   * How long the loop may stay away from poll before Kafka gives the partition away. The pipelined loop polls while
   * units run; it stays away only when the partition is being handed over and it lets the units in flight finish
   * first — every one may take the whole request timeout, max_concurrent at a time — so as many request timeouts as
   * there are waves, plus a minute (at least Kafka's 5 minutes). Shorter, slow units would be re-run elsewhere.
   */
  static Duration maxPollInterval(Duration requestTimeout, int maxConcurrent, int maxQueueDepth) {
    long waves = (maxConcurrent + maxQueueDepth + maxConcurrent - 1) / maxConcurrent;
    return Duration.ofMillis(Math.max(300_000L, requestTimeout.toMillis() * waves + 60_000L));
  }

  private Properties consumerProps(String groupPrefix, int maxPollRecords, long maxPollIntervalMs) {
    Properties p = config.connection().clientProps();
    p.put(ConsumerConfig.GROUP_ID_CONFIG, groupPrefix + config.nodeId());
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, Integer.toString(maxPollRecords));
    p.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, Long.toString(maxPollIntervalMs));
    // the node's own groups: restarted after kill -9, it waited out the dead member's 45 s default session (a
    // question asked right after the restart was answered 31 s late)
    return dev.atmosphere.common.kafka.StreamsDefaults.shortSession(p);
  }

  private Properties plainProducerProps() {
    return ExecutorProducers.plain(config.connection());
  }

  public NodeExecutor start() {
    try (Admin admin = Admin.create(config.connection().clientProps())) {
      List<TopicSpec> specs = new ArrayList<>(config.topics().shared());
      specs.add(config.topics().workSpec(config.nodeId()));
      new TopicProvisioner(admin, config.topics(), Duration.ofSeconds(60)).ensure(specs);
    }
    Gauge.builder("atmosphere.executor.in.flight", runner, WorkRunner::inFlight).tag("node", config.nodeId())
        .description("work units running on this node").register(meters);
    Gauge.builder("atmosphere.executor.queued", this, NodeExecutor::queued).tag("node", config.nodeId())
        .description("work units waiting on this node").register(meters);
    meters.counter("atmosphere.executor.attempts", "node", config.nodeId(), "status", "SUCCEEDED");
    loop.start();
    federatedThread.start();
    log.info("executor of node {} consuming {}", config.nodeId(), config.topics().work(config.nodeId()));
    return this;
  }

  public int inFlight() {
    return runner.inFlight();
  }

  public int queued() {
    return loop.queued();
  }

  /** False while the work loop is being restarted after it died: the heartbeat tells the router to send nothing. */
  public boolean accepting() {
    return loop.accepting();
  }

  public int maxConcurrent() {
    return config.maxConcurrent();
  }

  public int maxQueueDepth() {
    return config.maxQueueDepth();
  }

  @Override
  public void close() {
    federated.stop();
    loop.close();
    try {
      federatedThread.join(TimeUnit.SECONDS.toMillis(10));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    pool.shutdownNow();
    dlqProducer.close(Duration.ofSeconds(5));
    chunks.close();
    delivered.close();
  }
}
