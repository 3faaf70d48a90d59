package dev.atmosphere.common.config;

import static dev.atmosphere.common.config.Key.computed;
import static dev.atmosphere.common.config.Key.flag;
import static dev.atmosphere.common.config.Key.integer;
import static dev.atmosphere.common.config.Key.oneOf;
import static dev.atmosphere.common.config.Key.text;

/**
 * The keys every deployable of a node shares: where Kafka and the registry are, the topic layout, which node this is,
 * its backends and its limits. One place, so the agent and the executor cannot read {@code node.max.concurrent} with
 * two defaults.
 */
public final class CommonKeys {

  public static final Key<String> BOOTSTRAP = text("kafka.bootstrap.servers", "localhost:9092",
      "Kafka bootstrap servers (unset under `./atmosphere up`: its embedded broker).");
  public static final Key<String> REGISTRY = text("registry.url", "http://localhost:8081/apis/ccompat/v7",
      "Confluent-compatible schema registry URL (unset under `./atmosphere up`: its embedded registry).");
  public static final Key<String> KAFKA_AUTH = oneOf("kafka.auth",
      "join_code: log in to a machine's shared embedded broker with the credential the join code derives.",
      "none", "join_code");
  public static final Key<String> REGISTRY_AUTH = new Key<>("registry.auth", "one of none, join_code", "kafka.auth",
      "join_code: add, change and delete schemas at a machine's shared registry with the login the join code derives "
          + "(reading needs none).", (s, n, d) -> s.optional(n).map(String::strip).map(v -> {
            if (!v.equals("none") && !v.equals("join_code")) {
              s.reject(n, "must be one of none, join_code");
            }
            return v;
          }).orElseGet(() -> s.get(CommonKeys.KAFKA_AUTH)), null);
  public static final Key<String> REGISTRY_USER_INFO = text("registry.basic.auth.user.info", null,
      "user:password for a registry that asks for HTTP basic auth (as Confluent's clients' basic.auth.user.info); "
          + "never logged.");
  public static final Key<String> TLS_CA = text("kafka.tls.ca", null,
      "PEM certificate(s) to trust for a broker that speaks TLS (a shared broker's broker.pem): the connection then "
          + "uses TLS (SASL_SSL with kafka.auth: join_code).");
  public static final Key<String> JOIN_CODE = text("mesh.join.code", null,
      "Shared secret of the mesh: nodes prove it (never announced, never logged).");
  public static final Key<String> TOPICS_PREFIX = text("topics.prefix", "atmosphere", "Prefix of every topic name.");
  public static final Key<Integer> TOPICS_PARTITIONS = integer("topics.partitions", 3, 1, 1000,
      "Partitions of the topics the mesh creates.");
  public static final Key<Integer> TOPICS_REPLICATION = integer("topics.replication.factor", 1, 1, 32,
      "Replication factor of the topics the mesh creates (3 on a production cluster).");
  public static final Key<String> NODE_NAME = computed("node.name", "the host name",
      "This node's name; its id is name-fingerprint of its key.");
  public static final Key<String> NODE_ID = computed("node.id", "node.name-fingerprint",
      "This node's id (set by the launcher from its identity; a stand-alone executor needs the agent's).");
  public static final Key<String> IDENTITY_DIR = computed("identity.dir", "<data.dir>/identity or ~/.atmosphere/identity",
      "Where this node's signing key is kept.");
  public static final Key<String> DATA_DIR = computed("data.dir", "./.atmosphere",
      "This node's data: embedded broker and registry, state stores, identity, run files.");
  public static final Key<String> MODE = oneOf("mode", "How the node takes part.", "participant", "standalone",
      "provider", "headless");
  public static final Key<String> SITE_NAME = text("site.name", null,
      "This mesh is one site of several (a-z 0-9 _ -): residency by site, hops across sites.");
  public static final Key<Integer> MAX_CONCURRENT = integer("node.max.concurrent", 4, 1, 10_000,
      "Work units this node runs at once (announced, and the executor's concurrency).");
  public static final Key<Integer> MAX_QUEUE_DEPTH = integer("node.max.queue.depth", 10, 0, 100_000,
      "Units queued beyond the concurrency before a unit is REJECTED (and routed elsewhere).");
  public static final Key<Boolean> REQUIRE_AUTH = flag("privacy.require_auth", false,
      "Require API keys at the local API and the mesh join code.");
  public static final Key<String> LLAMAFARM_URL = computed("llamafarm.url",
      "LLAMAFARM_URL, else localhost at discovery.http_port, else probed", "LlamaFarm server of this machine.");
  public static final Key<Integer> LLAMAFARM_PORT = new Key<>("discovery.http_port", "an integer from 1 to 65535",
      "", "LlamaFarm's HTTP port on this machine, when llamafarm.url is not set (unset: its usual ports are probed).",
      (s, n, d) -> s.intIn(n, 14_345, 1, 65_535), null);
  public static final Key<String> LLAMAFARM_DATA_DIR = computed("llamafarm.data.dir", "LF_DATA_DIR, else ~/.llamafarm",
      "LlamaFarm's data directory (its projects).");
  public static final Key<String> OLLAMA_HOST = computed("ollama.host", "OLLAMA_HOST, else http://localhost:11434",
      "Ollama server of this machine.");
  public static final Key<String> METRICS_HOST = computed("metrics.host", "127.0.0.1 (launcher), 0.0.0.0 (a service)",
      "Address the Prometheus endpoint binds to.");
  public static final Key<Integer> METRICS_PORT = integer("metrics.port", 9464, 0, 65_535,
      "Prometheus endpoint port (0: any free port; a service alone serves it only when set).");

  private CommonKeys() {}
}
