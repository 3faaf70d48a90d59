package dev.atmosphere.ingest;

import dev.atmosphere.common.config.BackendUrls;
import dev.atmosphere.common.config.Settings;
import dev.atmosphere.common.config.TopicsConfig;
import dev.atmosphere.common.identity.NodeIdentity;
import dev.atmosphere.common.kafka.KafkaConnection;
import dev.atmosphere.ingest.discovery.ExposurePolicy;
import dev.atmosphere.schemas.NodeMode;
import dev.atmosphere.schemas.topics.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
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
    String nodeId = s.string("node.id", defaultNodeId());
    if (!Topics.NODE_ID.matcher(nodeId).matches()) {
      s.reject("node.id", "must be 1-100 characters of A-Z a-z 0-9 . _ - (it names the node's work topic)");
    }
    Optional<String> lf = BackendUrls.llamafarm(s, env);
    List<String> namespaces = s.optional("llamafarm.namespaces")
        .map(v -> Arrays.stream(v.split(",")).map(String::trim).filter(x -> !x.isEmpty()).toList())
        .orElse(List.of());
    Path dataDir = BackendUrls.llamafarmDataDir(s, env);
    String ollama = BackendUrls.ollama(s, env);
    Duration heartbeat = s.duration("heartbeat.interval", Duration.ofSeconds(5));
    IngestConfig config = new IngestConfig(
        connection,
        topics,
        nodeId,
        lf,
        namespaces,
        dataDir,
        ollama,
        s.bool("builtin.embeddings", true),
        s.duration("discovery.interval", Duration.ofSeconds(10)),
        s.duration("announce.interval", Duration.ofSeconds(30)),
        heartbeat,
        s.duration("heartbeat.ttl", heartbeat.multipliedBy(2)),
        s.intIn("node.max.concurrent", 4, 1, 10_000),
        s.optional("node.data.residency"),
        s.duration("http.timeout", Duration.ofSeconds(10)),
        dev.atmosphere.gateway.GatewayConfig.from(s),
        ExposurePolicy.from(s),
        s.intIn("node.max.queue.depth", 10, 0, 100_000),
        s.optional("resources.cost_per_token").map(v -> s.doubleIn("resources.cost_per_token", 0, 0, 1)),
        s.optional("resources.latency_class").map(String::toUpperCase),
        s.string("resources.priority", "normal"),
        mode(s),
        false,
        s.bool("privacy.local_only", false),
        s.bool("llamafarm.example.questions", false),
        dev.atmosphere.common.migration.MigrationFlags.from(s));
    if (s.bool("privacy.require_auth", false) && s.optional("mesh.join.code").isEmpty()) {
      s.reject("privacy.require_auth", "true needs mesh.join_code: the mesh token nodes authenticate with");
    }
    boolean standalone = config.mode() == NodeMode.STANDALONE;
    boolean discoverable = s.bool("discoverable", !standalone);
    if (standalone && discoverable) {
      s.reject("discoverable", "conflicts with mode: standalone (a standalone node announces nothing)");
    }
    if (standalone && s.bool("mesh.enabled", false)) {
      s.reject("mesh.enabled", "conflicts with mode: standalone (no mesh communication)");
    }
    if (!standalone && !s.bool("mesh.enabled", true)) {
      s.reject("mesh.enabled", "false needs mode: standalone (mode is " + config.mode().name().toLowerCase() + ")");
    }
    String enabled = dev.atmosphere.gateway.GatewayConfig.ENABLED;
    if (config.mode() == NodeMode.HEADLESS && s.raw(enabled).isPresent() && s.bool(enabled, false)) {
      s.reject(enabled, "conflicts with mode: headless (no local API at all)");
    }
    config = config.with(discoverable, config.gateway().enabled() && config.mode() != NodeMode.HEADLESS);
    if (config.latencyClass().isPresent()
        && !java.util.Set.of("LOCAL", "REGIONAL", "GLOBAL").contains(config.latencyClass().get())) {
      s.reject("resources.latency_class", "must be local, regional or global");
    }
    if (!java.util.Set.of("low", "normal", "high").contains(config.priority())) {
      s.reject("resources.priority", "must be low, normal or high");
    }
    if (config.heartbeatTtl().compareTo(heartbeat) <= 0) {
      s.reject("heartbeat.ttl", "must be longer than heartbeat.interval (" + heartbeat + ")");
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
    String mode = s.string("mode", "participant");
    try {
      return NodeMode.valueOf(mode.toUpperCase());
    } catch (IllegalArgumentException e) {
      s.reject("mode", "must be standalone, provider, participant or headless");
      return NodeMode.PARTICIPANT;
    }
  }

  static String defaultNodeId() {
    return dev.atmosphere.common.config.IdentityConfig.hostName();
  }
}
