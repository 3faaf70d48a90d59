package dev.atmosphere.scaler;

import dev.atmosphere.common.kafka.StreamsDefaults;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;

/** Runs the scaler topology with its handlers configured (bad records to the scaler's DLQ, dead threads replaced). */
public final class ScalerService implements AutoCloseable {

  private final KafkaStreams streams;
  private final dev.atmosphere.scaler.actuator.ScaleCommandConsumer actuators;
  private io.fabric8.kubernetes.client.KubernetesClient kubernetes;
  private final MeterRegistry meters;

  /** @param meters the process's registry: scale commands, DLQ, and the Streams client's own metrics */
  public ScalerService(ScalerConfig config, MeterRegistry meters) {
    this.meters = meters;
    streams = new KafkaStreams(ScalerTopology.build(config, config.connection().serdes(),
        meters), streamsConfig(config));
    streams.setUncaughtExceptionHandler(e -> StreamThreadExceptionResponse.REPLACE_THREAD);
    actuators = dev.atmosphere.scaler.actuator.ScaleCommandConsumer.create(config.connection(),
        config.topics().scaleCommands(), config.applicationId() + "-actuators", config.topics().scaleDlq(),
        new dev.atmosphere.scaler.actuator.ScaleExecutor(config.policies(), this::actuator), meters);
  }

  /** The actuator for a backend; the Kubernetes client (kubeconfig or in-cluster) is made on first use only. */
  private synchronized dev.atmosphere.scaler.actuator.Actuator actuator(
      dev.atmosphere.scaler.policy.ScalingPolicy.Backend backend) {
    if (backend instanceof dev.atmosphere.scaler.policy.ScalingPolicy.Kubernetes k) {
      if (kubernetes == null) {
        kubernetes = new io.fabric8.kubernetes.client.KubernetesClientBuilder().build();
      }
      return new dev.atmosphere.scaler.actuator.KubernetesActuator(kubernetes, k);
    }
    return new dev.atmosphere.scaler.actuator.WakeOnLanActuator(
        (dev.atmosphere.scaler.policy.ScalingPolicy.WakeOnLan) backend);
  }

  public static Properties streamsConfig(ScalerConfig config) {
    return StreamsDefaults.of(config.connection(), config.applicationId(), config.stateDir(),
        config.topics().scaleDlq(), config.topics().replicationFactor());
  }

  public ScalerService start() {
    new io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics(streams).bindTo(meters);
    streams.start();
    actuators.start();
    return this;
  }

  @Override
  public void close() {
    try {
      actuators.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    streams.close(Duration.ofSeconds(10));
    if (kubernetes != null) {
      kubernetes.close();
    }
  }
}
