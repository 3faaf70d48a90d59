package dev.atmosphere.ops.cli;

import dev.atmosphere.common.config.Settings;
import dev.atmosphere.common.config.TopicsConfig;
import dev.atmosphere.common.kafka.KafkaConnection;
import dev.atmosphere.client.MeshClient;
import dev.atmosphere.ops.Endpoints;
import dev.atmosphere.schemas.topics.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * Where a CLI command finds the mesh: {@code --bootstrap}/{@code --registry}, then {@code ATMOSPHERE_*}
 * environment variables, then {@code --config}, then the endpoints file {@code ./atmosphere up} writes.
 */
public final class Connection {

  @Option(names = "--bootstrap", description = "Kafka bootstrap servers (default: from ./atmosphere up, else localhost:9092)")
  String bootstrap;

  @Option(names = "--registry", description = "Confluent-compatible schema registry URL")
  String registry;

  @Option(names = "--config", description = "The node's config, as ./atmosphere up --config takes it (YAML or .properties)")
  Path config;

  @Option(names = "--site", description = "Talk to this site of a multi-site mesh started here with up --site")
  String site;

  /** Where {@code ./atmosphere up --site <site>} keeps its data (and its endpoints file). */
  static Path siteDataDir(Path home, String site) {
    return home.resolve(".atmosphere").resolve("sites").resolve(dev.atmosphere.schemas.topics.SiteTopics.requireSite(site));
  }

  Settings settings(Path home) {
    Map<String, String> overrides = new HashMap<>();
    if (bootstrap != null) {
      overrides.put(KafkaConnection.BOOTSTRAP, bootstrap);
    }
    if (registry != null) {
      overrides.put(KafkaConnection.REGISTRY, registry);
    }
    if (config != null && config.toString().endsWith(".properties")) {
      return Settings.load(config, System.getenv(), overrides);
    }
    // the node's own YAML, as `up --config` reads it (it was parsed as a .properties file and said "no broker")
    java.util.Optional<dev.atmosphere.common.config.NodeSettings> node = java.util.Optional.ofNullable(config)
        .map(f -> dev.atmosphere.common.config.NodeSettings.read(java.util.Optional.of(f), System.getenv(),
            Path.of(System.getProperty("user.home"))));
    Path dataDir = site != null ? siteDataDir(home, site) : node.flatMap(n -> n.with(overrides)
        .optional(dev.atmosphere.common.config.CommonKeys.DATA_DIR))
        .or(() -> java.util.Optional.ofNullable(System.getenv("ATMOSPHERE_DATA_DIR")).filter(d -> !d.isBlank()))
        .map(Path::of).orElse(home.resolve(".atmosphere"));
    Path endpoints = Endpoints.file(dataDir);
    Settings plain = Settings.load(Files.isRegularFile(endpoints) ? endpoints : null, System.getenv(), overrides);
    return node.map(n -> n.with(layered(plain, System.getenv(), overrides)))
        .orElseGet(() -> asTheNodeConnects(plain, System.getenv(), overrides).orElse(plain));
  }

  /**
   * The endpoints of a running {@code up} over the node config it read ({@code config.file}): how the node logs in
   * to a shared broker and registry (kafka.auth, the join code, kafka.tls.ca, kafka.client.*) is in that config, not
   * in the endpoints file (no secret is written there), and the CLI must connect as the node does. Environment
   * variables and flags still win.
   */
  static java.util.Optional<Settings> asTheNodeConnects(Settings endpoints, Map<String, String> env,
      Map<String, String> flags) {
    return endpoints.optional(Endpoints.CONFIG_FILE).filter(f -> !f.isBlank()).map(Path::of)
        .filter(Files::isReadable).map(f -> dev.atmosphere.common.config.NodeSettings.read(java.util.Optional.of(f),
            env, Path.of(System.getProperty("user.home"))).with(layered(endpoints, env, flags)));
  }

  /** The endpoints' values an environment variable does not set, then the flags. */
  private static Map<String, String> layered(Settings endpoints, Map<String, String> env, Map<String, String> flags) {
    Map<String, String> layered = new HashMap<>();
    for (String key : endpoints.keys()) {
      if (!env.containsKey("ATMOSPHERE_" + key.toUpperCase(java.util.Locale.ROOT).replace('.', '_'))) {
        layered.put(key, endpoints.string(key, ""));
      }
    }
    layered.putAll(flags);
    return layered;
  }

  KafkaConnection kafka(Settings s) {
    KafkaConnection c = KafkaConnection.from(s);
    s.validate();
    return c;
  }

  Topics topics(Settings s) {
    return TopicsConfig.from(s);
  }

  /**
   * Reads {@code names} from {@code since} ago (null: from the beginning) to their current end — at most 30 s —
   * handing every record with a value to {@code each}.
   */
  static void read(MeshClient client, Duration since, java.util.function.Consumer<
      org.apache.kafka.clients.consumer.ConsumerRecord<String, byte[]>> each, String... names) {
    try (var consumer = client.tailConsumer()) {
      var parts = MeshClient.partitions(consumer, names);
      consumer.assign(parts);
      if (since == null) {
        consumer.seekToBeginning(parts);
      } else {
        MeshClient.seekToSince(consumer, parts, since);
      }
      var end = consumer.endOffsets(parts);
      java.time.Instant deadline = java.time.Instant.now().plusSeconds(30);
      while (java.time.Instant.now().isBefore(deadline) && parts.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
        consumer.poll(Duration.ofMillis(200)).forEach(r -> {
          if (r.value() != null) {
            each.accept(r);
          }
        });
      }
    }
  }

  /** Reads the gradient table (both compacted topics) of the mesh this connection points at. */
  MeshClient.GradientTable gradientTable() {
    Settings settings = settings(AtmosphereCli.home());
    KafkaConnection kafka = kafka(settings);
    MeshClient.checkBroker(kafka, Duration.ofSeconds(5));
    try (MeshClient client = new MeshClient(kafka, topics(settings))) {
      return client.gradientTable(Duration.ofSeconds(15));
    }
  }
}
