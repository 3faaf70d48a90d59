package dev.atmosphere.ingest;

import dev.atmosphere.common.config.BackendUrls;
import dev.atmosphere.common.config.CommonKeys;
import dev.atmosphere.common.config.Settings;
import dev.atmosphere.common.config.TopicsConfig;
import dev.atmosphere.common.identity.NodeIdentity;
import dev.atmosphere.common.kafka.KafkaConnection;
import dev.atmosphere.ingest.discovery.ExposurePolicy;
import dev.atmosphere.schemas.NodeMode;
import dev.atmosphere.schemas.topics.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Configuration of the node agent, validated at start, with its gateway's own {@link
 * dev.atmosphere.gateway.GatewayConfig} (the local API runs in the node's process). Besides {@code ATMOSPHERE_*} keys it honours the
 * environment LlamaFarm and Ollama users already set: {@code LLAMAFARM_URL}, {@code OLLAMA_HOST},
 * {@code LF_DATA_DIR}.
 */
public record IngestConfig(
    KafkaConnection connection,
    Topics topics,
    String nodeId,
    Optional<String> llamafarmUrl,
    List<String> namespaces,
    Path llamafarmDataDir,
    String ollamaHost,
    boolean builtinEmbeddings,
    Duration discoveryInterval,
    Duration announceInterval,
    Duration heartbeatInterval,
    Duration heartbeatTtl,
    int maxConcurrent,
    Optional<String> dataResidency,
    Duration httpTimeout,
    dev.atmosphere.gateway.GatewayConfig gateway,
    ExposurePolicy exposure,
    int maxQueueDepth,
    Optional<Double> costPerToken,
    Optional<String> latencyClass,
    String priority,
    NodeMode mode,
    boolean discoverable,
    boolean privateCapabilities,
    boolean exampleQuestions,
    dev.atmosphere.common.migration.MigrationFlags migration) {

  public static IngestConfig from(Settings s, Map<String, String> env) {
    KafkaConnection connection = KafkaConnection.from(s);
    Topics topics = TopicsConfig.from(s);
    String nodeId = s.get(CommonKeys.NODE_ID, defaultNodeId());
    if (!dev.atmosphere.schemas.topics.NodeIds.PATTERN.matcher(nodeId).matches()) {
      s.reject(CommonKeys.NODE_ID.name(),
          "must be 1-100 characters of A-Z a-z 0-9 . _ - (it names the node's work topic)");
    }
    Optional<String> lf = BackendUrls.llamafarm(s, env);
    List<String> namespaces = s.get(IngestKeys.NAMESPACES);
    Path dataDir = BackendUrls.llamafarmDataDir(s, env);
    String ollama = BackendUrls.ollama(s, env);
    Duration heartbeat = s.get(IngestKeys.HEARTBEAT_INTERVAL);
    IngestConfig config = new IngestConfig(
        connection,
        topics,
        nodeId,
        lf,
        namespaces,
        dataDir,
        ollama,
        s.get(IngestKeys.BUILTIN_EMBEDDINGS),
        s.get(IngestKeys.DISCOVERY_INTERVAL),
        s.get(IngestKeys.ANNOUNCE_INTERVAL),
        heartbeat,
        s.get(IngestKeys.HEARTBEAT_TTL, heartbeat.multipliedBy(2)),
        s.get(CommonKeys.MAX_CONCURRENT),
        s.optional(IngestKeys.RESIDENCY),
        s.get(IngestKeys.HTTP_TIMEOUT),
        dev.atmosphere.gateway.GatewayConfig.from(s),
        ExposurePolicy.from(s),
        s.get(CommonKeys.MAX_QUEUE_DEPTH),
        s.optional(IngestKeys.COST_PER_TOKEN),
        s.optional(IngestKeys.LATENCY_CLASS).map(String::toUpperCase),
        s.get(IngestKeys.PRIORITY),
        mode(s),
        false,
        s.get(IngestKeys.LOCAL_ONLY),
        s.get(IngestKeys.EXAMPLE_QUESTIONS),
        dev.atmosphere.common.migration.MigrationFlags.from(s));
    if (s.get(CommonKeys.REQUIRE_AUTH) && s.optional(CommonKeys.JOIN_CODE).isEmpty()) {
      s.reject(CommonKeys.REQUIRE_AUTH.name(), "true needs mesh.join_code: the mesh token nodes authenticate with");
    }
    boolean standalone = config.mode() == NodeMode.STANDALONE;
    boolean discoverable = s.get(IngestKeys.DISCOVERABLE, !standalone);
    if (standalone && discoverable) {
      s.reject(IngestKeys.DISCOVERABLE.name(), "conflicts with mode: standalone (a standalone node announces nothing)");
    }
    if (standalone && s.get(IngestKeys.MESH_ENABLED, false)) {
      s.reject(IngestKeys.MESH_ENABLED.name(), "conflicts with mode: standalone (no mesh communication)");
    }
    if (!standalone && !s.get(IngestKeys.MESH_ENABLED)) {
      s.reject(IngestKeys.MESH_ENABLED.name(),
          "false needs mode: standalone (mode is " + config.mode().name().toLowerCase() + ")");
    }
    var enabled = dev.atmosphere.gateway.GatewayKeys.ENABLED;
    if (config.mode() == NodeMode.HEADLESS && s.optional(enabled).orElse(false)) {
      s.reject(enabled.name(), "conflicts with mode: headless (no local API at all)");
    }
    config = config.with(discoverable, config.gateway().enabled() && config.mode() != NodeMode.HEADLESS);
    if (config.latencyClass().isPresent()
        && !java.util.Set.of("LOCAL", "REGIONAL", "GLOBAL").contains(config.latencyClass().get())) {
      s.reject(IngestKeys.LATENCY_CLASS.name(), "must be local, regional or global");
    }
    if (config.heartbeatTtl().compareTo(heartbeat) <= 0) {
      s.reject(IngestKeys.HEARTBEAT_TTL.name(), "must be longer than heartbeat.interval (" + heartbeat + ")");
    }
    s.validate();
    return config;
  }

  /**
   * This node's signing identity: {@code identity.dir} (default {@code ~/.atmosphere/identity}), named by
   * {@code node.name} (default: host name); its id is {@code name-fingerprint}. {@code mesh.join.code} adds a
   * join proof the router can require.
   */
  public static NodeIdentity identity(Settings s) {
    return dev.atmosphere.common.config.IdentityConfig.load(s);
  }

  private IngestConfig with(boolean discoverable, boolean gatewayEnabled) {
    return new IngestConfig(connection, topics, nodeId, llamafarmUrl, namespaces, llamafarmDataDir, ollamaHost,
        builtinEmbeddings, discoveryInterval, announceInterval, heartbeatInterval, heartbeatTtl, maxConcurrent,
        dataResidency, httpTimeout, gateway.enabled(gatewayEnabled), exposure, maxQueueDepth, costPerToken,
        latencyClass, priority, mode, discoverable, privateCapabilities, exampleQuestions,
        migration);
  }

  private static NodeMode mode(Settings s) {
    return NodeMode.valueOf(s.get(CommonKeys.MODE).toUpperCase());
  }

  static String defaultNodeId() {
    return dev.atmosphere.common.config.IdentityConfig.hostName();
  }
}
