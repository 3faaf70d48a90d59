package dev.atmosphere.common.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every key of the design's {@code atmosphere:} section (plus the Kafka, gateway and node keys this implementation
 * adds), with its type, what is allowed, and the internal settings key it sets. The one place that says what a
 * node's YAML may contain.
 */
public final class NodeConfigSchema {

  /** The kind of value a key takes. */
  public enum Type { BOOL, INT, NUMBER, STRING, ENUM, LIST, SECONDS }

  /** One key: its YAML path, internal settings key, type and limits. */
  public record Key(String path, String setting, Type type, double min, double max, List<String> values,
      boolean nullable, String doc) {

    public String allowed() {
      return switch (type) {
        case BOOL -> "true or false";
        case INT -> "an integer from " + (long) min + " to " + (long) max;
        case NUMBER -> "a number from " + min + " to " + max;
        case SECONDS -> "a whole number of seconds from " + (long) min + " to " + (long) max;
        case ENUM -> "one of " + String.join(", ", values);
        case LIST -> "a list of names";
        case STRING -> "a string";
      } + (nullable ? " (or null)" : "");
    }

    /** {@code ATMOSPHERE_} + path after {@code atmosphere.}, upper case, dots as underscores. */
    public String envName() {
      String p = path.startsWith("atmosphere.") ? path.substring("atmosphere.".length()) : path;
      return "ATMOSPHERE_" + p.toUpperCase().replace('.', '_');
    }
  }

  public static final Map<String, Key> KEYS = new LinkedHashMap<>();

  static {
    bool("atmosphere.discoverable", "discoverable", "Announce this node to the mesh.");
    oneOf("atmosphere.mode", "mode", "How the node takes part.", "standalone", "provider", "participant", "headless");
    bool("atmosphere.mesh.enabled", "mesh.enabled", "Talk to the mesh at all.");
    key("atmosphere.mesh.join_code", "mesh.join.code", Type.STRING, 0, 0, List.of(), true, "Shared secret of the mesh.");
    key("atmosphere.mesh.announce_interval", "announce.interval", Type.SECONDS, 1, 86_400, List.of(), false,
        "Seconds between full re-announcements.");
    for (String kind : List.of("models", "projects")) {
      bool("atmosphere.capabilities." + kind + ".expose_all", "capabilities." + kind + ".expose_all",
          "Advertise all " + kind + ".");
      list("atmosphere.capabilities." + kind + ".expose_list", "capabilities." + kind + ".expose_list",
          "Only these " + kind + " (with expose_all: false).");
      list("atmosphere.capabilities." + kind + ".hide_list", "capabilities." + kind + ".hide_list",
          "Never these " + kind + ".");
    }
    for (String category : List.of("llm", "embeddings", "vision", "rag", "agents", "audio")) {
      bool("atmosphere.capabilities.categories." + category, "capabilities.categories." + category,
          "Advertise " + category + " capabilities.");
    }
    key("atmosphere.resources.max_concurrent_requests", "node.max.concurrent", Type.INT, 1, 10_000, List.of(), false,
        "Executor concurrency.");
    key("atmosphere.resources.max_queue_depth", "node.max.queue.depth", Type.INT, 0, 100_000, List.of(), false,
        "Units queued beyond concurrency before REJECTED.");
    oneOf("atmosphere.resources.priority", "resources.priority", "Preference among equals.", "low", "normal", "high");
    key("atmosphere.resources.cost_per_token", "resources.cost_per_token", Type.NUMBER, 0, 1, List.of(), false,
        "0 = free (local).");
    oneOf("atmosphere.resources.latency_class", "resources.latency_class", "Where the node is.", "local", "regional",
        "global");
    bool("atmosphere.privacy.local_only", "privacy.local_only", "Serve only this node's own requests.");
    bool("atmosphere.privacy.require_auth", "privacy.require_auth", "Require the mesh join code.");
    key("atmosphere.privacy.data_residency", "node.data.residency", Type.STRING, 0, 0, List.of(), true,
        "e.g. EU: data stays there.");
    key("atmosphere.site.name", "site.name", Type.STRING, 0, 0, List.of(), true,
        "This mesh is one site of several (a-z 0-9 _ -): residency by site, hops across sites.");
    key("atmosphere.site.link_bootstrap", "site.link.bootstrap", Type.STRING, 0, 0, List.of(), true,
        "Link with the site whose Kafka is here (MirrorMaker 2 both ways), run by this process.");
    key("atmosphere.discovery.http_port", "discovery.http_port", Type.INT, 1, 65_535, List.of(), false,
        "LlamaFarm's HTTP port on this machine.");
    key("atmosphere.discovery.grpc_port", "discovery.grpc_port", Type.INT, 1, 65_535, List.of(), true,
        "Reserved (gRPC streaming).");
    key("atmosphere.discovery.advertise_address", "gateway.host", Type.STRING, 0, 0, List.of(), true,
        "Address the local API binds to (default 127.0.0.1).");
    key("atmosphere.metrics.port", "metrics.port", Type.INT, 0, 65_535, List.of(), false,
        "Prometheus endpoint port (0: any free port; a second node on one machine needs its own).");
    key("atmosphere.metrics.host", "metrics.host", Type.STRING, 0, 0, List.of(), true,
        "Address the Prometheus endpoint binds to (default 127.0.0.1).");
    key("atmosphere.data_dir", "data.dir", Type.STRING, 0, 0, List.of(), false,
        "This node's data: embedded broker and registry, state stores, identity (default ./.atmosphere).");
    key("atmosphere.node.name", "node.name", Type.STRING, 0, 0, List.of(), false, "Node name (id = name-fingerprint).");
    key("atmosphere.kafka.bootstrap_servers", "kafka.bootstrap.servers", Type.STRING, 0, 0, List.of(), false,
        "Existing Kafka cluster (default: embedded broker).");
    key("atmosphere.kafka.registry_url", "registry.url", Type.STRING, 0, 0, List.of(), false,
        "Confluent-compatible schema registry.");
    key("atmosphere.kafka.auth", "kafka.auth", Type.STRING, 0, 0, List.of("none", "join_code"), false,
        "join_code: log in to a machine's shared embedded broker with the credential the join code derives.");
    key("atmosphere.kafka.registry_auth", "registry.auth", Type.STRING, 0, 0, List.of("none", "join_code"), true,
        "join_code (the default with kafka.auth: join_code): change schemas at a shared registry with the mesh login.");
    key("atmosphere.kafka.tls_ca", "kafka.tls.ca", Type.STRING, 0, 0, List.of(), true,
        "PEM certificate to trust for a broker that speaks TLS (a shared broker's broker.pem).");
    bool("atmosphere.embedded.share_tls", "embedded.share.tls",
        "Encrypt the shared broker's network listener (TLS, a self-signed certificate made once).");
    key("atmosphere.embedded.share_as", "embedded.share.as", Type.STRING, 0, 0, List.of(), true,
        "Name other machines reach this one at: share the embedded broker and registry (needs mesh.join_code).");
    bool("atmosphere.migration.serve", "migration.serve", "Let other nodes fetch this node's Ollama models.");
    bool("atmosphere.migration.accept", "migration.accept", "Receive models migrated from other nodes.");
    bool("atmosphere.migration.allow_cpu", "migration.allow_cpu",
        "Accept models larger than this node's GPU memory (they run partly on the CPU); default true.");
    key("atmosphere.migration.max_mb", "migration.max_mb", Type.INT, 1, 1_048_576, List.of(), false,
        "Largest model moved, in MB.");
    key("atmosphere.migration.parallel", "migration.parallel", Type.INT, 1, 32, List.of(), false,
        "Chunks fetched at once.");
    key("atmosphere.migration.max_mbps", "migration.max_mbps", Type.INT, 0, 100_000, List.of(), false,
        "Bandwidth cap of a migration in MB/s (0: none).");
    key("atmosphere.migration.keep", "migration.keep", Type.STRING, 0, 0, List.of("always", "lru", "never"), false,
        "What becomes of a model that came here: kept, kept within the budget (LRU), or removed once it answered.");
    key("atmosphere.migration.keep_budget_gb", "migration.keep_budget_gb", Type.INT, 0, 1_000_000, List.of(), false,
        "Disk for migrated models under migration.keep: lru, in GB.");
    key("atmosphere.ollama.models_dir", "ollama.models.dir", Type.STRING, 0, 0, List.of(), true,
        "Where this node's Ollama keeps manifests and blobs (default OLLAMA_MODELS or ~/.ollama/models).");
    bool("atmosphere.gateway.enabled", "gateway.enabled", "Serve the OpenAI-compatible API.");
    bool("atmosphere.gateway.answer_from_attempts", "gateway.answer_from_attempts",
        "Answer from the routed node's signed attempt as soon as it is written (false: wait for the router's result).");
    key("atmosphere.gateway.port", "gateway.port", Type.INT, 0, 65_535, List.of(), false, "Gateway port.");
    key("atmosphere.gateway.timeout", "gateway.timeout", Type.SECONDS, 1, 3600, List.of(), false,
        "Default request timeout in seconds.");
    list("atmosphere.gateway.api_keys", "gateway.api_keys",
        "API keys (sha256:<hex> digests, or plain keys of 16+ characters); required beyond loopback.");
    list("atmosphere.gateway.allowed_hosts", "gateway.allowed_hosts", "Host names the API answers besides loopback.");
    key("atmosphere.gateway.max_in_flight", "gateway.max_in_flight", Type.INT, 1, 10_000, List.of(), false,
        "Requests to the mesh answered at once (chat, completions, responses, embeddings); beyond it 429 at once.");
    list("atmosphere.gateway.model_aliases", "gateway.model.aliases",
        "Model names clients send that the mesh lacks, as name=target (auto, a capability id or model name; *=auto: any).");
    list("atmosphere.gateway.cors.allowed_origins", "gateway.cors.allowed_origins",
        "Browser origins allowed to call the API (none by default).");
    key("atmosphere.gateway.rate_limit_per_minute", "gateway.rate_limit.per_minute", Type.INT, 1, 1_000_000, List.of(),
        false, "Requests per minute per API key (or for the node when no keys).");
    key("atmosphere.gateway.max_body_bytes", "gateway.max_body_bytes", Type.INT, 1024, 256 << 20, List.of(), false,
        "Largest request body accepted (8 MiB).");
    key("atmosphere.gateway.advertised_url", "gateway.advertised_url", Type.STRING, 0, 0, List.of(), true,
        "http(s)://host:port other nodes reach this node's API at (claim-checked images).");
    key("atmosphere.gateway.images.max_bytes", "gateway.images.max_bytes", Type.INT, 1024, 256 << 20, List.of(),
        false, "Largest image accepted (5 MiB).");
    key("atmosphere.gateway.images.max_request_bytes", "gateway.images.max_request_bytes", Type.INT, 1024, 1 << 30,
        List.of(), false, "All images of one request together (20 MiB).");
    key("atmosphere.gateway.images.inline_max_bytes", "gateway.images.inline_max_bytes", Type.INT, 0, 768 << 10,
        List.of(), false, "Images up to this size travel inside the intent; larger ones are claim-checked.");
    key("atmosphere.gateway.images.claim_check_max_bytes", "gateway.images.claim_check_max_bytes", Type.INT, 1 << 20,
        Integer.MAX_VALUE, List.of(), false, "Claim-checked image bytes this node holds at once.");
    bool("atmosphere.gateway.images.fetch_urls", "gateway.images.fetch_urls",
        "Fetch http(s) image URLs (public addresses only); off: data: URLs only.");
    key("atmosphere.gateway.images.fetch_timeout", "gateway.images.fetch_timeout", Type.SECONDS, 1, 300, List.of(),
        false, "Time limit of one image URL fetch in seconds.");
  }

  private NodeConfigSchema() {}

  private static void key(String path, String setting, Type type, double min, double max, List<String> values,
      boolean nullable, String doc) {
    KEYS.put(path, new Key(path, setting, type, min, max, values, nullable, doc));
  }

  private static void bool(String path, String setting, String doc) {
    key(path, setting, Type.BOOL, 0, 0, List.of(), false, doc);
  }

  private static void list(String path, String setting, String doc) {
    key(path, setting, Type.LIST, 0, 0, List.of(), false, doc);
  }

  private static void oneOf(String path, String setting, String doc, String... values) {
    key(path, setting, Type.ENUM, 0, 0, List.of(values), false, doc);
  }
}
