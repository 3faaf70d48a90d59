package dev.atmosphere.router;

import dev.atmosphere.common.embed.CachingEmbedder;
import dev.atmosphere.common.embed.Embedder;
import dev.atmosphere.common.embed.LookaheadEmbedder;
import dev.atmosphere.router.topology.RouterTopology;
import dev.atmosphere.schemas.serde.AvroSerdes;
import dev.atmosphere.schemas.serde.RegistryUnavailableException;
import dev.atmosphere.schemas.topics.TopicProvisioner;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import java.time.Duration;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the router topology: makes sure the shared topics exist, starts Kafka Streams with an uncaught-exception
 * handler that replaces a dead stream thread, and supervises the whole client: when it reaches ERROR (its global
 * thread cannot be replaced — e.g. it died restoring the gradient table while the schema registry was down) a new
 * client is started after a pause, from the committed state. Closes cleanly. Used by {@link RouterApp} and the launcher.
 */
public final class RouterService implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(RouterService.class);

  private static final Duration RESTART_PAUSE = Duration.ofSeconds(2);

  private final RouterConfig config;
  private final org.apache.kafka.streams.Topology topology;
  private final java.util.concurrent.ScheduledExecutorService supervisor =
      java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "router-supervisor");
        t.setDaemon(true);
        return t;
      });
  private volatile KafkaStreams streams;
  private volatile boolean closing;
  private final java.util.concurrent.atomic.AtomicBoolean restartPending = new java.util.concurrent.atomic.AtomicBoolean();
  private final MeterRegistry meters;
  private KafkaStreamsMetrics metrics;
  /** Embeds polled intents on its own thread (null: {@code router.embedding.lookahead} is off). */
  private final LookaheadEmbedder lookahead;
  private final org.apache.kafka.common.serialization.Deserializer<dev.atmosphere.schemas.Intent> intents;

  /** @param meters the process's registry: routes, results, cache, DLQ and the Streams client's own metrics */
  public RouterService(RouterConfig config, Embedder embedder, MeterRegistry meters) {
    this.config = config;
    this.meters = meters;
    AvroSerdes serdes = config.connection().serdes();
    Embedder cached = new CachingEmbedder(embedder, config.embeddingCacheSize());
    this.lookahead = config.embeddingLookahead() ? new LookaheadEmbedder(cached) : null;
    this.intents = serdes.intent().deserializer();
    this.topology = RouterTopology.build(config, serdes, lookahead == null ? cached : lookahead, meters);
    if (lookahead != null) { // how much of the embedding ran off the stream thread, and how often it still waited
      io.micrometer.core.instrument.FunctionCounter.builder("atmosphere.router.embedding.lookahead", lookahead,
          LookaheadEmbedder::aheadCount).description("Intent texts embedded ahead of the stream thread").register(meters);
      io.micrometer.core.instrument.FunctionCounter.builder("atmosphere.router.embedding.lookahead.waited", lookahead,
          LookaheadEmbedder::waitedCount).description("Times the stream thread waited for a text still being embedded")
          .register(meters);
    }
    this.streams = client();
  }

  private KafkaStreams client() {
    KafkaStreams client = new KafkaStreams(topology, lookahead == null ? RouterStreamsConfig.of(config)
        : RouterStreamsConfig.of(config, lookahead, intents));
    client.setUncaughtExceptionHandler(
        e -> {
          log.error("router stream thread died; replacing it", e);
          return StreamThreadExceptionResponse.REPLACE_THREAD;
        });
    client.setStateListener((now, before) -> {
      if (now == KafkaStreams.State.ERROR) {
        scheduleRestart("router client failed");
      }
    });
    return client;
  }

  private void scheduleRestart(String why) {
    if (!closing && restartPending.compareAndSet(false, true)) {
      log.error("{}; starting a new one in {} ms", why, RESTART_PAUSE.toMillis());
      supervisor.schedule(this::restart, RESTART_PAUSE.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    }
  }

  private synchronized void restart() {
    restartPending.set(false);
    if (closing) {
      return;
    }
    streams.close(Duration.ofSeconds(10));
    streams = client();
    bindMetrics();
    launch();
    log.info("router client restarted");
  }

  /**
   * Starts the client; one that cannot start because the schema registry is down (its global thread restores the
   * gradient table through it, and start() waits for that) is retried, not fatal: the router comes up when it does.
   */
  private void launch() {
    try {
      streams.start();
    } catch (RuntimeException e) {
      if (!RegistryUnavailableException.causedBy(e)) {
        throw e;
      }
      scheduleRestart("router cannot start while the schema registry is unreachable (" + e.getCause() + ")");
    }
  }

  /** The brokers' transaction retry, read beside the start (a broker that does not answer never delays routing). */
  private void adviseOnBrokers() {
    Thread check = new Thread(() -> {
      try (Admin admin = Admin.create(config.connection().clientProps())) {
        dev.atmosphere.common.kafka.TransactionRetryCheck.advice(admin, Duration.ofSeconds(5)).ifPresent(log::warn);
      } catch (RuntimeException e) {
        log.debug("brokers' transaction retry not read: {}", e.toString());
      }
    }, "router-broker-advice");
    check.setDaemon(true);
    check.start();
  }

  public RouterService start() {
    try (Admin admin = Admin.create(config.connection().clientProps())) {
      new TopicProvisioner(admin, config.topics(), Duration.ofSeconds(60)).ensure(config.topics().shared());
    }
    adviseOnBrokers();
    bindMetrics();
    if (config.cache().enabled()) { // WordNet for the cache's second stage loads here, not in the first lookup
      Thread load = new Thread(dev.atmosphere.router.cache.WordContrast::warmUp, "wordnet-load");
      load.setDaemon(true);
      load.start();
    }
    launch();
    log.info("router {} started on {}", config.applicationId(), config.connection().bootstrapServers());
    return this;
  }

  /** The Streams client's own metrics, incl. consumer lag (records-lag-max), for the client now running. */
  private void bindMetrics() {
    if (metrics != null) {
      metrics.close();
    }
    metrics = new KafkaStreamsMetrics(streams);
    metrics.bindTo(meters);
  }

  /** The embedder that embeds polled intents ahead of the stream thread, when {@code router.embedding.lookahead}. */
  public java.util.Optional<LookaheadEmbedder> lookahead() {
    return java.util.Optional.ofNullable(lookahead);
  }

  public KafkaStreams.State state() {
    return streams.state();
  }

  /** Stops, leaving the group at once so the other routers (or this one restarted) take over without waiting. */
  @Override
  public synchronized void close() {
    closing = true;
    supervisor.shutdownNow();
    streams.close(org.apache.kafka.streams.CloseOptions.groupMembershipOperation(
        org.apache.kafka.streams.CloseOptions.GroupMembershipOperation.LEAVE_GROUP).withTimeout(Duration.ofSeconds(10)));
    if (metrics != null) {
      metrics.close();
    }
    if (lookahead != null) {
      lookahead.close();
    }
  }
}
