package dev.atmosphere.common.migration;

import dev.atmosphere.common.config.BackendUrls;
import dev.atmosphere.common.config.Settings;
import java.nio.file.Path;

/**
 * Model migration on a node, off by default: {@code migration.serve} lets other nodes fetch this node's Ollama
 * models, {@code migration.accept} lets this node receive them; {@code migration.max_bytes} bounds a model,
 * {@code migration.chunk_bytes} and {@code migration.parallel} shape the transfer, {@code migration.max_mbps} caps
 * it (MB/s, 0 = no cap); {@code ollama.models.dir} is where
 * the local Ollama keeps its manifests and blobs ({@code OLLAMA_MODELS}, else {@code ~/.ollama/models});
 * {@code migration.keep} ({@code always}, {@code lru} within {@code migration.keep_budget_gb}, {@code never}: removed
 * once it has answered) says what becomes of a model that came here; {@code migration.allow_cpu: false} accepts only
 * models that fit in this node's GPU memory. A LlamaFarm project's model is read from and written to LlamaFarm's
 * data directory ({@code llamafarm.data.dir}) and the Hugging Face cache its Universal Runtime uses
 * ({@code huggingface.cache.dir}, else {@code HF_HUB_CACHE}, else {@code HF_HOME/hub}).
 */
public record MigrationSettings(boolean serve, boolean accept, long maxBytes, int chunkBytes, int parallel,
    Path modelsDir, Path stagingDir, long maxBytesPerSecond, String keep, long keepBudgetBytes, boolean allowCpu,
    Path llamaFarmDir, Path huggingFaceDir) {

  /** Whether a migrated model may run partly on the CPU; the node's heartbeat carries it for the router. */
  public static final String ALLOW_CPU = "migration.allow_cpu";
  public static final String SERVE = "migration.serve";
  public static final String ACCEPT = "migration.accept";

  public static MigrationSettings from(Settings s, java.util.Map<String, String> env, Path dataDir) {
    String models = s.optional("ollama.models.dir").orElseGet(() -> env.getOrDefault("OLLAMA_MODELS",
        Path.of(System.getProperty("user.home"), ".ollama", "models").toString()));
    return new MigrationSettings(s.bool(SERVE, false), s.bool(ACCEPT, false),
        maxBytes(s),
        s.intIn("migration.chunk_bytes", 8 << 20, 4096, 256 << 20), s.intIn("migration.parallel", 4, 1, 32),
        Path.of(models), dataDir.resolve("migrations"),
        s.intIn("migration.max_mbps", 0, 0, 100_000) * 1_000_000L, keep(s),
        s.intIn("migration.keep_budget_gb", 100, 0, 1_000_000) * (1L << 30), s.bool(ALLOW_CPU, true),
        BackendUrls.llamafarmDataDir(s, env), huggingFace(s.optional("huggingface.cache.dir"), env));
  }

  /** {@code migration.max_mb} in bytes: the largest model this node serves. */
  public static long maxBytes(Settings s) {
    return s.intIn("migration.max_mb", 65_536, 1, 1_048_576) * (1L << 20);
  }

  /** {@code huggingface.cache.dir}, else {@code HF_HUB_CACHE}, else {@code HF_HOME/hub}, else the hub's default. */
  private static Path huggingFace(java.util.Optional<String> configured, java.util.Map<String, String> env) {
    return configured.map(Path::of).orElseGet(() -> env.containsKey("HF_HUB_CACHE") ? Path.of(env.get("HF_HUB_CACHE"))
        : env.containsKey("HF_HOME") ? Path.of(env.get("HF_HOME"), "hub")
        : Path.of(System.getProperty("user.home"), ".cache", "huggingface", "hub"));
  }

  private static String keep(Settings s) {
    String keep = s.string("migration.keep", "always").toLowerCase(java.util.Locale.ROOT);
    if (!java.util.Set.of("always", "lru", "never").contains(keep)) {
      s.reject("migration.keep", "must be always, lru or never");
      return "always";
    }
    return keep;
  }
}
