package dev.atmosphere.ops;

import dev.atmosphere.common.config.Settings;
import dev.atmosphere.common.embed.Embedder;
import dev.atmosphere.common.identity.NodeIdentity;
import dev.atmosphere.common.kafka.KafkaConnection;
import dev.atmosphere.executor.ExecutorConfig;
import dev.atmosphere.executor.NodeExecutor;
import dev.atmosphere.ingest.IngestConfig;
import dev.atmosphere.ingest.LoadSource;
import dev.atmosphere.ingest.NodeAgent;
import dev.atmosphere.ingest.gateway.Gateway;
import dev.atmosphere.ops.embedded.EmbeddedKafka;
import dev.atmosphere.ops.embedded.EmbeddedRegistry;
import dev.atmosphere.ops.embedded.Ports;
import dev.atmosphere.router.RouterConfig;
import dev.atmosphere.router.RouterService;
import dev.atmosphere.scaler.ScalerConfig;
import dev.atmosphere.scaler.ScalerService;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole mesh for one machine in one process tree: a real KRaft broker and schema registry (unless the
 * configuration names an existing cluster and registry), the router, the scaler, this node's agent and executor.
 * {@code router.enabled}, {@code scaler.enabled} and {@code node.enabled} pick a subset (e.g. one container each).
 * Writes where everything listens to {@code <data dir>/run/endpoints.properties} for the CLI; closes in reverse.
 */
public final class MeshStack implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(MeshStack.class);

  private final Deque<AutoCloseable> started = new ArrayDeque<>();
  private final Map<String, String> endpoints = new HashMap<>();
  private final Path dataDir;

  private MeshStack(Path dataDir) {
    this.dataDir = dataDir;
  }

  /**
   * @param home the checkout (finds the registry jar)
   * @param file the configuration file (may be missing)
   * @param env environment variables
   * @param overrides values that win over file and env (e.g. from command-line options)
   */
  public static MeshStack start(Path home, Path file, Map<String, String> env, Map<String, String> overrides,
      Embedder embedder) {
    Settings base = Settings.load(file, env, overrides);
    Path dataDir = Path.of(base.string("data.dir", home.resolve(".atmosphere").toString()));
    MeshStack stack = new MeshStack(dataDir);
    try {
      stack.boot(home, file, env, overrides, base, embedder);
      return stack;
    } catch (RuntimeException e) {
      stack.close();
      throw e;
    }
  }

  private void boot(Path home, Path file, Map<String, String> env, Map<String, String> overrides, Settings base,
      Embedder embedder) {
    Map<String, String> resolved = new HashMap<>(overrides);
    if (base.optional(KafkaConnection.BOOTSTRAP).isEmpty()) {
      int port = Ports.preferred(base.intIn("embedded.kafka.port", 9092, 0, 65535));
      EmbeddedKafka kafka = EmbeddedKafka.start(dataDir.resolve("kafka"), port);
      started.push(kafka);
      resolved.put(KafkaConnection.BOOTSTRAP, kafka.bootstrapServers());
    }
    if (base.optional(KafkaConnection.REGISTRY).isEmpty()) {
      int port = Ports.preferred(base.intIn("embedded.registry.port", 8081, 0, 65535));
      EmbeddedRegistry registry = EmbeddedRegistry.start(EmbeddedRegistry.locateJar(home), port,
          dataDir.resolve("logs/registry.log"), Duration.ofSeconds(60));
      started.push(registry);
      resolved.put(KafkaConnection.REGISTRY, registry.ccompatUrl());
    }
    base.validate();
    Settings settings = Settings.load(file, env, resolved);
    resolved.putIfAbsent("identity.dir", dataDir.resolve("identity").toString());
    NodeIdentity identity = IngestConfig.identity(Settings.load(file, env, resolved));
    resolved.put("node.id", identity.nodeId());
    settings = Settings.load(file, env, resolved);
    IngestConfig ingest = IngestConfig.from(settings, env);
    resolved.putIfAbsent("router.state.dir", dataDir.resolve("state/router").toString());
    resolved.putIfAbsent("scaler.state.dir", dataDir.resolve("state/scaler").toString());
    settings = Settings.load(file, env, resolved);

    if (settings.bool("router.enabled", true)) {
      started.push(new RouterService(RouterConfig.from(settings), embedder).start());
    }
    if (settings.bool("scaler.enabled", true)) {
      started.push(new ScalerService(ScalerConfig.from(settings)).start());
    }
    if (settings.bool("node.enabled", true)) {
      NodeExecutor executor = new NodeExecutor(ExecutorConfig.from(settings, env), embedder, Clock.systemUTC())
          .start();
      started.push(executor);
      LoadSource load = () -> new LoadSource.Load(executor.inFlight(), executor.queued(), executor.maxConcurrent(),
          executor.maxQueueDepth());
      started.push(new NodeAgent(ingest, identity, embedder, load, Clock.systemUTC()).start());
      if (ingest.gatewayEnabled()) {
        Gateway gateway = new Gateway(new Gateway.Settings(ingest.gatewayHost(), ingest.gatewayPort(),
            ingest.gatewayTimeout(), ingest.nodeId()), ingest.connection(), ingest.topics(), Clock.systemUTC()).start();
        started.push(gateway);
        endpoints.put("gateway.url", "http://" + ingest.gatewayHost() + ":" + gateway.port() + "/v1");
      }
    }
    settings.validate();

    endpoints.put(KafkaConnection.BOOTSTRAP, settings.string(KafkaConnection.BOOTSTRAP, ""));
    endpoints.put(KafkaConnection.REGISTRY, settings.string(KafkaConnection.REGISTRY, ""));
    endpoints.put("node.id", ingest.nodeId());
    endpoints.put("topics.prefix", ingest.topics().prefix());
    writeEndpoints();
  }

  private void writeEndpoints() {
    Path file = endpointsFile(dataDir);
    Properties p = new Properties();
    p.putAll(endpoints);
    try {
      Files.createDirectories(file.getParent());
      try (Writer w = Files.newBufferedWriter(file)) {
        p.store(w, "written by ./atmosphere up; removed when it stops");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  public static Path endpointsFile(Path dataDir) {
    return dataDir.resolve("run/endpoints.properties");
  }

  public Map<String, String> endpoints() {
    return Map.copyOf(endpoints);
  }

  @Override
  public void close() {
    while (!started.isEmpty()) {
      AutoCloseable c = started.pop();
      try {
        c.close();
      } catch (Exception e) {
        log.warn("stopping {} failed: {}", c.getClass().getSimpleName(), e.getMessage());
      }
    }
    try {
      Files.deleteIfExists(endpointsFile(dataDir));
    } catch (IOException e) {
      log.warn("cannot remove {}", endpointsFile(dataDir));
    }
  }
}
