package dev.atmosphere.ingest;

import dev.atmosphere.backends.CapabilitySource;
import dev.atmosphere.backends.builtin.BuiltinEmbeddingsSource;
import dev.atmosphere.backends.llamafarm.ExampleQuestions;
import dev.atmosphere.backends.llamafarm.LlamaFarmSource;
import dev.atmosphere.backends.ollama.OllamaSource;
import dev.atmosphere.common.embed.Embedder;
import dev.atmosphere.common.http.JsonHttp;
import dev.atmosphere.common.identity.NodeIdentity;
import dev.atmosphere.ingest.resources.GpuProbe;
import dev.atmosphere.ingest.resources.MachineResources;
import dev.atmosphere.schemas.CapabilityAnnouncement;
import dev.atmosphere.schemas.LatencyClass;
import dev.atmosphere.schemas.NodeStatus;
import dev.atmosphere.schemas.serde.AvroSerdes;
import dev.atmosphere.schemas.topics.TopicProvisioner;
import dev.atmosphere.schemas.topics.TopicSpec;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The per-node agent: makes sure the mesh topics and this node's work topic exist, then announces capabilities
 * (on start, on change, every announce interval) and heartbeats node status until closed, when it withdraws
 * its capabilities and reports itself gone.
 */
public final class NodeAgent implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(NodeAgent.class);

  private static final Duration LEAVE_WITHIN = Duration.ofSeconds(10);

  private final IngestConfig config;
  private final Producer<String, CapabilityAnnouncement> capabilityProducer;
  private final Producer<String, NodeStatus> statusProducer;
  private final CapabilityAnnouncer announcer;
  private final NodeHeartbeat heartbeat;
  private final ScheduledExecutorService scheduler =
      Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "node-agent"));

  public NodeAgent(IngestConfig config, NodeIdentity identity, Embedder embedder, LoadSource load, Clock clock) {
    if (!identity.nodeId().equals(config.nodeId())) {
      throw new IllegalArgumentException("node.id " + config.nodeId() + " is not the identity's id " + identity.nodeId());
    }
    this.config = config;
    AvroSerdes serdes = config.connection().serdes();
    this.capabilityProducer = new KafkaProducer<>(producerProps(), serdes.keys().serializer(),
        serdes.capability().serializer());
    this.statusProducer = new KafkaProducer<>(producerProps(), serdes.keys().serializer(),
        serdes.nodeStatus().serializer());
    this.announcer = new CapabilityAnnouncer(config.nodeId(), config.topics(), sources(config, embedder),
        capabilityProducer, identity,
        clock, config.announceInterval(), 3);
    this.heartbeat = new NodeHeartbeat(config.nodeId(), config.topics(), config.heartbeatTtl(),
        config.dataResidency(), config.priority(), load, statusProducer, identity, clock,
        new MachineResources(GpuProbe.nvidiaSmi(clock), modelsDir()), config.migration());
  }

  /** Where Ollama keeps models ({@code OLLAMA_MODELS}, else {@code ~/.ollama/models}): its disk is what counts. */
  private static java.nio.file.Path modelsDir() {
    String env = System.getenv("OLLAMA_MODELS");
    return env != null && !env.isBlank() ? java.nio.file.Path.of(env)
        : java.nio.file.Path.of(System.getProperty("user.home"), ".ollama", "models");
  }

  /**
   * What this node offers: LlamaFarm, Ollama and the built-in embeddings, filtered by the owner's exposure policy
   * and stamped with the advertised resources. Also used to serve a standalone node without the mesh.
   */
  public static List<CapabilitySource> sources(IngestConfig config, Embedder embedder) {
    JsonHttp http = new JsonHttp(Duration.ofSeconds(2));
    List<CapabilitySource> sources = new ArrayList<>();
    // a model writes its questions slowly: one at a time, in the background, with a generous timeout
    java.util.Optional<ExampleQuestions> examples = config.exampleQuestions()
        ? java.util.Optional.of(new ExampleQuestions(new JsonHttp(Duration.ofSeconds(2)),
            java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
              Thread t = new Thread(r, "example-questions");
              t.setDaemon(true);
              return t;
            }), Duration.ofMinutes(3), java.time.Clock.systemUTC()))
        : java.util.Optional.empty();
    sources.add(new LlamaFarmSource(http, config.llamafarmUrl(), config.namespaces(), config.llamafarmDataDir(),
        config.nodeId(), embedder, config.httpTimeout(), examples));
    sources.add(new OllamaSource(http, config.ollamaHost(), config.nodeId(), config.httpTimeout(), embedder));
    if (config.builtinEmbeddings()) {
      sources.add(new BuiltinEmbeddingsSource(config.nodeId(), embedder.modelId()));
    }
    return sources.stream().map(config.exposure()::filter).map(s -> advertiseResources(config, s)).toList();
  }

  /** Stamps the owner's advertised cost and latency class (the design's {@code resources}) on every capability. */
  private static CapabilitySource advertiseResources(IngestConfig config, CapabilitySource source) {
    return source.then(found -> found.stream().map(c -> {
      CapabilityAnnouncement copy = CapabilityAnnouncement.newBuilder(c).build();
      config.costPerToken().ifPresent(cost -> copy.getResources().setCostPerToken(cost));
      config.latencyClass().ifPresent(l -> copy.getResources().setLatencyClass(LatencyClass.valueOf(l)));
      config.dataResidency().ifPresent(r -> copy.getConstraints().setDataResidency(r));
      if (config.privateCapabilities()) {
        copy.getConstraints().setLocalOnly(true); // privacy.local_only: serve this node's own requests only
      }
      return copy;
    }).toList());
  }

  private Properties producerProps() {
    Properties p = config.connection().clientProps();
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    p.put(ProducerConfig.LINGER_MS_CONFIG, "0");
    return p;
  }

  public NodeAgent start() {
    try (Admin admin = Admin.create(config.connection().clientProps())) {
      List<TopicSpec> specs = new ArrayList<>(config.topics().shared());
      specs.add(config.topics().workSpec(config.nodeId()));
      new TopicProvisioner(admin, config.topics(), Duration.ofSeconds(60)).ensure(specs);
    }
    scheduler.scheduleWithFixedDelay(this::safeAnnounce, 0, config.discoveryInterval().toMillis(),
        TimeUnit.MILLISECONDS);
    scheduler.scheduleAtFixedRate(this::safeBeat, 0, config.heartbeatInterval().toMillis(), TimeUnit.MILLISECONDS);
    log.info("node agent {} started", config.nodeId());
    return this;
  }

  public List<CapabilityAnnouncement> capabilities() {
    return announcer.current();
  }

  private void safeAnnounce() {
    try {
      announcer.poll();
    } catch (RuntimeException e) {
      if (Thread.currentThread().isInterrupted() || e.getCause() instanceof InterruptedException) {
        log.info("node {}: stopped while announcing its capabilities", config.nodeId()); // shutting down: no fault
        return;
      }
      log.error("node {}: announcing capabilities failed: {}", config.nodeId(), e.getMessage(), e);
    }
  }

  private void safeBeat() {
    try {
      heartbeat.beat();
    } catch (RuntimeException e) {
      log.error("node {}: heartbeat failed: {}", config.nodeId(), e.getMessage(), e);
    }
  }

  /** Stops beating without withdrawing anything: what a crash looks like to the mesh. */
  public void stopHeartbeats() {
    scheduler.shutdownNow();
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
    // the clean leave is bounded: with the broker gone every send would wait for metadata, so a stop (Ctrl-C) would
    // hang for minutes; after LEAVE_WITHIN the producers are closed, which ends those waits, and the mesh drops this
    // node's capabilities when its last heartbeat expires, as it does after a crash
    Thread leaving = new Thread(() -> {
      try {
        announcer.withdrawAll();
        heartbeat.leave();
      } catch (RuntimeException e) {
        log.warn("node {}: could not withdraw cleanly: {}", config.nodeId(), e.getMessage());
      }
    }, "node-leave-" + config.nodeId());
    try {
      scheduler.awaitTermination(5, TimeUnit.SECONDS);
      leaving.start();
      leaving.join(LEAVE_WITHIN.toMillis());
      if (leaving.isAlive()) {
        log.warn("node {}: the broker did not take the withdrawal within {} s; its capabilities go when its heartbeat "
            + "expires", config.nodeId(), LEAVE_WITHIN.toSeconds());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      capabilityProducer.close(Duration.ofSeconds(2));
      statusProducer.close(Duration.ofSeconds(2));
    }
  }
}
