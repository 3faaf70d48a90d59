package dev.atmosphere.scaler;

import dev.atmosphere.common.kafka.StreamsDefaults;
import dev.atmosphere.schemas.serde.AvroSerdes;
import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;

/** Runs the scaler topology with its handlers configured (bad records to the router DLQ, dead threads replaced). */
public final class ScalerService implements AutoCloseable {

  private final KafkaStreams streams;

  public ScalerService(ScalerConfig config) {
    streams = new KafkaStreams(ScalerTopology.build(config, AvroSerdes.forUrl(config.connection().registryUrl())),
        streamsConfig(config));
    streams.setUncaughtExceptionHandler(e -> StreamThreadExceptionResponse.REPLACE_THREAD);
  }

  public static Properties streamsConfig(ScalerConfig config) {
    return StreamsDefaults.of(config.connection(), config.applicationId(), config.stateDir(),
        config.topics().routerDlq(), config.topics().replicationFactor());
  }

  public ScalerService start() {
    streams.start();
    return this;
  }

  @Override
  public void close() {
    streams.close(Duration.ofSeconds(10));
  }
}
