package dev.atmosphere.router;

import dev.atmosphere.common.embed.CachingEmbedder;
import dev.atmosphere.common.embed.Embedder;
import dev.atmosphere.router.topology.RouterTopology;
import dev.atmosphere.schemas.serde.AvroSerdes;
import dev.atmosphere.schemas.topics.TopicProvisioner;
import java.time.Duration;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the router topology: makes sure the shared topics exist, starts Kafka Streams with an uncaught-exception
 * handler that replaces a dead thread, and closes cleanly. Used by {@link RouterApp} and by the launcher.
 */
public final class RouterService implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(RouterService.class);

  private final RouterConfig config;
  private final KafkaStreams streams;
  private io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics metrics;

  public RouterService(RouterConfig config, Embedder embedder) {
    this.config = config;
    AvroSerdes serdes = AvroSerdes.forUrl(config.connection().registryUrl());
    Embedder cached = new CachingEmbedder(embedder, config.embeddingCacheSize());
    this.streams = new KafkaStreams(RouterTopology.build(config, serdes, cached), RouterStreamsConfig.of(config));
    streams.setUncaughtExceptionHandler(
        e -> {
          log.error("router stream thread died; replacing it", e);
          return StreamThreadExceptionResponse.REPLACE_THREAD;
        });
  }

  public RouterService start() {
    try (Admin admin = Admin.create(config.connection().clientProps())) {
      new TopicProvisioner(admin, config.topics(), Duration.ofSeconds(60)).ensure(config.topics().shared());
    }
    metrics = new io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics(streams);
    metrics.bindTo(io.micrometer.core.instrument.Metrics.globalRegistry); // incl. consumer lag (records-lag-max)
    RouterMeters.register(config.topics().routerDlq());
    streams.start();
    log.info("router {} started on {}", config.applicationId(), config.connection().bootstrapServers());
    return this;
  }

  public KafkaStreams.State state() {
    return streams.state();
  }

  @Override
  public void close() {
    streams.close(Duration.ofSeconds(10));
    if (metrics != null) {
      metrics.close();
    }
  }
}
