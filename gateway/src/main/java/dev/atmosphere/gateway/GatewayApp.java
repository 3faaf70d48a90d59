package dev.atmosphere.gateway;

import dev.atmosphere.common.config.ConfigFiles;
import dev.atmosphere.common.config.IdentityConfig;
import dev.atmosphere.common.config.Settings;
import dev.atmosphere.common.config.TopicsConfig;
import dev.atmosphere.common.identity.NodeIdentity;
import dev.atmosphere.common.kafka.KafkaConnection;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * The gateway as a deployable of its own: the OpenAI edge on a machine that runs no models, or in front of a
 * cluster, reaching the mesh only through Kafka. A node agent runs the same gateway in its own process; this is for
 * running it apart. Config: the {@code gateway.*} keys ({@link GatewayConfig}), the Kafka connection, {@code topics.*},
 * {@code node.name} / {@code identity.dir} / {@code mesh.join.code} (what it posts is signed in that node's name, see
 * {@link IdentityConfig}) and {@code mode} ({@code provider}: its requests stay on that node).
 */
public final class GatewayApp implements AutoCloseable {

  private final Gateway gateway;

  private GatewayApp(Gateway gateway) {
    this.gateway = gateway;
  }

  /** As {@link #start(Settings, MeterRegistry)}, its counters in a registry of its own. */
  public static GatewayApp start(Settings s) {
    return start(s, new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
  }

  /**
   * Validates the settings (every mistake named with its key), then starts listening; returns once it serves.
   * {@code meters}: where its counters are recorded.
   */
  public static GatewayApp start(Settings s, MeterRegistry meters) {
    NodeIdentity identity = IdentityConfig.load(s);
    GatewayConfig config = GatewayConfig.from(s);
    KafkaConnection connection = KafkaConnection.from(s);
    boolean provider = "provider".equals(s.get(dev.atmosphere.common.config.CommonKeys.MODE));
    var topics = TopicsConfig.from(s);
    s.validate();
    if (!config.enabled()) {
      throw new IllegalStateException("gateway.enabled is false: the gateway deployable has nothing else to run");
    }
    return new GatewayApp(new Gateway(config.settings(identity.nodeId(), provider),
        config.meshPort(connection, topics, Clock.systemUTC(), identity, meters), null, Clock.systemUTC(), meters)
        .start());
  }

  public int port() {
    return gateway.port();
  }

  @Override
  public void close() {
    gateway.close();
  }

  public static void main(String[] args) throws InterruptedException {
    Settings settings = ConfigFiles.load(args, System.getenv(), Map.of());
    GatewayApp app = start(settings, dev.atmosphere.common.metrics.MetricsServer.registryFor(settings));
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      app.close();
      stopped.countDown();
    }, "gateway-shutdown"));
    stopped.await();
  }
}
