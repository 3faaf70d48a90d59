package dev.atmosphere.ops;

import dev.atmosphere.common.config.CommonKeys;
import dev.atmosphere.common.config.NodeSettings;
import dev.atmosphere.common.config.Settings;
import dev.atmosphere.common.embed.Embedder;
import dev.atmosphere.common.identity.NodeIdentity;
import dev.atmosphere.common.kafka.KafkaConnection;
import dev.atmosphere.common.metrics.MetricsServer;
import dev.atmosphere.executor.ExecutorConfig;
import dev.atmosphere.executor.NodeExecutor;
import dev.atmosphere.executor.WorkRunner;
import dev.atmosphere.gateway.Gateway;
import dev.atmosphere.gateway.GatewayKeys;
import dev.atmosphere.gateway.MeshPort;
import dev.atmosphere.gateway.MigrationBlobs;
import dev.atmosphere.gateway.NodeApi;
import dev.atmosphere.ingest.IngestConfig;
import dev.atmosphere.ingest.LoadSource;
import dev.atmosphere.ingest.NodeAgent;
import dev.atmosphere.monitoring.MonitoringKeys;
import dev.atmosphere.ops.embedded.EmbeddedServers;
import dev.atmosphere.router.RouterConfig;
import dev.atmosphere.router.RouterKeys;
import dev.atmosphere.router.RouterService;
import dev.atmosphere.scaler.ScalerConfig;
import dev.atmosphere.scaler.ScalerKeys;
import dev.atmosphere.scaler.ScalerService;
import dev.atmosphere.schemas.CapabilityAnnouncement;
import dev.atmosphere.schemas.NodeMode;
import dev.atmosphere.schemas.WorkResult;
import dev.atmosphere.schemas.WorkUnit;
import dev.atmosphere.site.SiteLinkKeys;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole mesh for one machine in one process tree: a real KRaft broker and schema registry (unless the
 * configuration names an existing cluster and registry), the router, the scaler, this node's agent and executor.
 * {@code router.enabled}, {@code scaler.enabled}, {@code monitoring.enabled} (the Flink CEP job on a local
 * MiniCluster) and {@code node.enabled} pick a subset (e.g. one container each).
 * Writes where everything listens to {@code <data dir>/run/endpoints.properties} for the CLI; closes in reverse.
 */
public final class MeshStack implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(MeshStack.class);

  private final dev.atmosphere.common.lifecycle.Started started = new dev.atmosphere.common.lifecycle.Started();
  private final Map<String, String> endpoints = new HashMap<>();
  private final Path dataDir;
  private io.micrometer.core.instrument.MeterRegistry meters; // the metrics server's: one /metrics per stack

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
    NodeSettings config = file != null && Files.exists(file)
        ? NodeSettings.read(Optional.of(file), env, Path.of(System.getProperty("user.home")))
        : NodeSettings.none(env);
    return start(home, config, env, overrides, embedder);
  }

  /** Starts from already-read node settings (YAML or properties) with command-line overrides on top. */
  public static MeshStack start(Path home, NodeSettings config, Map<String, String> env,
      Map<String, String> overrides, Embedder embedder) {
    Settings base = config.with(overrides);
    Path dataDir = Path.of(base.get(CommonKeys.DATA_DIR, home.resolve(".atmosphere").toString()));
    MeshStack stack = new MeshStack(dataDir);
    try {
      stack.boot(home, config, env, overrides, base, embedder);
      return stack;
    } catch (RuntimeException e) {
      stack.close();
      throw e;
    }
  }

  private void boot(Path home, NodeSettings config, Map<String, String> env, Map<String, String> overrides,
      Settings base, Embedder embedder) {
    started.push(dev.atmosphere.ops.embedded.DataDirLock.acquire(dataDir)); // one start per data directory
    Map<String, String> resolved = new HashMap<>(overrides);
    boolean standalone = "standalone".equals(base.get(CommonKeys.MODE));
    if (!standalone) {
      EmbeddedServers.start(home, dataDir, base, resolved).forEach(started::push);
    }
    int metricsPort = base.get(CommonKeys.METRICS_PORT); // Prometheus' conventional port, when free
    MetricsServer metrics = MetricsServer.start(base.get(CommonKeys.METRICS_HOST, "127.0.0.1"),
        metricsPort == 0 ? 0 : dev.atmosphere.ops.embedded.Ports.preferred(metricsPort));
    started.push(metrics);
    meters = metrics.registry();
    endpoints.put(Endpoints.METRICS_URL, metrics.url());
    base.validate();
    ConfigKeys.unknownInFiles(base).forEach(problem -> log.warn("{} (ignored)", problem));
    resolved.putIfAbsent(CommonKeys.IDENTITY_DIR.name(), dataDir.resolve("identity").toString());
    NodeIdentity identity = IngestConfig.identity(config.with(resolved));
    resolved.put(CommonKeys.NODE_ID.name(), identity.nodeId());
    resolved.putIfAbsent(RouterKeys.STATE_DIR.name(), dataDir.resolve("state/router").toString());
    resolved.putIfAbsent(ScalerKeys.STATE_DIR.name(), dataDir.resolve("state/scaler").toString());
    resolved.putIfAbsent(SiteLinkKeys.STATE_DIR.name(), dataDir.resolve("state/site-link").toString());
    resolved.putIfAbsent(MonitoringKeys.CHECKPOINT_DIR.name(), dataDir.resolve("state/monitoring").toString());
    if (base.optional(CommonKeys.SITE_NAME).isPresent() && base.optional(GatewayKeys.PORT).isEmpty()) {
      // a second site on this machine: its gateway takes the next free port, printed at start, as its broker does
      resolved.put(GatewayKeys.PORT.name(), Integer.toString(dev.atmosphere.ops.embedded.Ports.preferred(11451)));
    }
    Settings settings = config.with(resolved);
    IngestConfig ingest = IngestConfig.from(settings, env);
    ExecutorConfig executorConfig = ExecutorConfig.from(settings, env);
    RouterConfig routerConfig = RouterConfig.from(settings);
    Clock clock = Clock.systemUTC();
    if (standalone) {
      WorkRunner runner = NodeExecutor.runner(executorConfig, embedder, clock);
      LocalMeshPort port = new LocalMeshPort(ingest.nodeId(), NodeAgent.sources(ingest, embedder),
          routerConfig.planner(embedder), runner, executorConfig.maxConcurrent(), clock,
          ingest.discoveryInterval());
      startGateway(ingest, port, nodeApi(ingest, port::capabilities, runner, runner::inFlight, () -> 0, null), clock);
    } else {
      startMeshServices(settings, env, ingest, executorConfig, routerConfig, identity, embedder, clock);
    }
    settings.validate();
    endpoints.put(KafkaConnection.BOOTSTRAP, standalone ? "" : settings.string(KafkaConnection.BOOTSTRAP, ""));
    endpoints.put(KafkaConnection.REGISTRY, standalone ? "" : settings.string(KafkaConnection.REGISTRY, ""));
    endpoints.put(Endpoints.NODE_ID, ingest.nodeId());
    endpoints.put(Endpoints.IDENTITY_DIR, settings.get(CommonKeys.IDENTITY_DIR, "")); // the CLI signs intents in this node's name
    endpoints.put(Endpoints.MODE, ingest.mode().name().toLowerCase());
    endpoints.put("topics.prefix", ingest.topics().prefix());
    config.file().ifPresent(f -> endpoints.put(Endpoints.CONFIG_FILE, f.toAbsolutePath().toString()));
    List.of(Endpoints.SHARED_BOOTSTRAP, Endpoints.SHARED_TLS_CA).forEach(k ->
        java.util.Optional.ofNullable(resolved.get(k)).ifPresent(v -> endpoints.put(k, v)));
    endpoints().write(dataDir);
  }

  /** Router and scaler where enabled; the node's executor and agent when it is discoverable; its local API. */
  private void startMeshServices(Settings settings, Map<String, String> env, IngestConfig ingest,
      ExecutorConfig executorConfig,
      RouterConfig routerConfig, NodeIdentity identity, Embedder embedder, Clock clock) {
    if (settings.get(LauncherKeys.ROUTER)) {
      started.push(new RouterService(routerConfig, embedder, meters).start());
    }
    if (settings.get(LauncherKeys.SCALER)) {
      started.push(new ScalerService(ScalerConfig.from(settings), meters).start());
    }
    NodeApi nodeApi = null;
    if (ingest.discoverable() && settings.get(LauncherKeys.NODE)) {
      NodeExecutor executor = new NodeExecutor(executorConfig, identity, embedder, clock, meters).start();
      started.push(executor);
      LoadSource load = () -> new LoadSource.Load(executor.inFlight(), executor.queued(), executor.maxConcurrent(),
          executor.maxQueueDepth(), executor.accepting());
      NodeAgent agent = new NodeAgent(ingest, identity, embedder, load, clock).start();
      started.push(agent);
      MigrationBlobs blobs = Migrations.start(settings, env, dataDir, ingest, executorConfig, executor.runner(),
          () -> endpoints.getOrDefault(Endpoints.GATEWAY_URL, "").replaceFirst("/v1$", ""), clock, started::push, meters);
      nodeApi = nodeApi(ingest, agent::capabilities, executor.runner(), executor::inFlight, executor::queued, blobs);
    }
    if (ingest.gateway().enabled()) {
      startGateway(ingest, ingest.gateway().meshPort(ingest.connection(), ingest.topics(), clock, identity, meters), nodeApi,
          clock);
    }
    dev.atmosphere.site.SiteLinkService.forSite(settings, ingest.connection(), ingest.topics()).ifPresent(link -> {
      started.push(link);
      endpoints.put(SiteLinkKeys.BOOTSTRAP.name(), settings.get(SiteLinkKeys.BOOTSTRAP, ""));
    });
    settings.optional(CommonKeys.SITE_NAME).ifPresent(site -> endpoints.put(CommonKeys.SITE_NAME.name(), site));
    // one monitoring job per mesh: by default it runs where the router runs, not on every node. Last, because its
    // Flink MiniCluster takes seconds to start and nothing that answers a request waits for it
    if (settings.get(LauncherKeys.MONITORING, settings.get(LauncherKeys.ROUTER))) {
      started.push(dev.atmosphere.monitoring.MonitoringService.start(settings));
    }
  }

  private void startGateway(IngestConfig ingest, MeshPort port, NodeApi nodeApi, Clock clock) {
    Gateway gateway = new Gateway(ingest.gateway().settings(ingest.nodeId(), ingest.mode() == NodeMode.PROVIDER), port,
        nodeApi, clock, meters).start();
    started.push(gateway);
    endpoints.put(Endpoints.GATEWAY_URL, "http://" + ingest.gateway().host() + ":" + gateway.port() + "/v1");
  }

  private static NodeApi nodeApi(IngestConfig ingest, Supplier<List<CapabilityAnnouncement>> capabilities,
      WorkRunner runner, IntSupplier inFlight, IntSupplier queued, MigrationBlobs blobs) {
    return new NodeApi(ingest.nodeId(), new NodeApi.Port() {
      @Override
      public List<CapabilityAnnouncement> capabilities() {
        return capabilities.get();
      }

      @Override
      public Map<String, Object> resources() {
        return Map.of("in_flight", inFlight.getAsInt(), "queue_depth", queued.getAsInt(),
            "current_load", ingest.maxConcurrent() == 0 ? 0.0 : (double) inFlight.getAsInt() / ingest.maxConcurrent());
      }

      @Override
      public Map<String, Object> config() {
        return Map.of("mode", ingest.mode().name().toLowerCase(), "discoverable", ingest.discoverable(),
            "max_concurrent_requests", ingest.maxConcurrent(), "max_queue_depth", ingest.maxQueueDepth());
      }

      @Override
      public java.util.Optional<WorkResult> tryExecute(WorkUnit unit) {
        return runner.tryRun(unit);
      }

      @Override
      public int maxConcurrent() {
        return ingest.maxConcurrent();
      }
    }, Clock.systemUTC(), blobs);
  }

  /** Where this stack's services record: what its {@code /metrics} shows. */
  public io.micrometer.core.instrument.MeterRegistry meters() {
    return meters;
  }

  public Endpoints endpoints() {
    return new Endpoints(endpoints);
  }

  @Override
  public void close() {
    started.close();
    try {
      Files.deleteIfExists(Endpoints.file(dataDir));
    } catch (IOException e) {
      log.warn("cannot remove {}", Endpoints.file(dataDir));
    }
  }
}
