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

  public static MigrationSettings from(Settings s, java.util.Map<String, String> env, Path dataDir) {
    String models = s.optional(MigrationKeys.OLLAMA_MODELS_DIR).orElseGet(() -> env.getOrDefault("OLLAMA_MODELS",
        Path.of(System.getProperty("user.home"), ".ollama", "models").toString()));
    return new MigrationSettings(s.get(MigrationKeys.SERVE), s.get(MigrationKeys.ACCEPT), maxBytes(s),
        s.get(MigrationKeys.CHUNK_BYTES), s.get(MigrationKeys.PARALLEL), Path.of(models), dataDir.resolve("migrations"),
        s.get(MigrationKeys.MAX_MBPS) * 1_000_000L, s.get(MigrationKeys.KEEP),
        s.get(MigrationKeys.KEEP_BUDGET_GB) * (1L << 30), s.get(MigrationKeys.ALLOW_CPU),
        BackendUrls.llamafarmDataDir(s, env), huggingFace(s.optional(MigrationKeys.HUGGINGFACE_DIR), env));
  }

  /** {@code migration.max_mb} in bytes: the largest model this node serves. */
  public static long maxBytes(Settings s) {
    return s.get(MigrationKeys.MAX_MB) * (1L << 20);
  }

  /** {@code huggingface.cache.dir}, else {@code HF_HUB_CACHE}, else {@code HF_HOME/hub}, else the hub's default. */
  private static Path huggingFace(java.util.Optional<String> configured, java.util.Map<String, String> env) {
    return configured.map(Path::of).orElseGet(() -> env.containsKey("HF_HUB_CACHE") ? Path.of(env.get("HF_HUB_CACHE"))
        : env.containsKey("HF_HOME") ? Path.of(env.get("HF_HOME"), "hub")
        : Path.of(System.getProperty("user.home"), ".cache", "huggingface", "hub"));
  }
}
