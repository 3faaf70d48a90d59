package dev.atmosphere.common.migration;

import static dev.atmosphere.common.config.Key.computed;
import static dev.atmosphere.common.config.Key.flag;
import static dev.atmosphere.common.config.Key.integer;
import static dev.atmosphere.common.config.Key.oneOf;

import dev.atmosphere.common.config.Key;

/** The keys of model migration, read by the node agent (what it announces) and the migration source and target. */
public final class MigrationKeys {

  public static final Key<Boolean> SERVE = flag("migration.serve", false,
      "Let other nodes fetch this node's models.");
  public static final Key<Boolean> ACCEPT = flag("migration.accept", false, "Receive models migrated from other nodes.");
  public static final Key<Boolean> ALLOW_CPU = flag("migration.allow_cpu", true,
      "Accept models larger than this node's GPU memory (they run partly on the CPU).");
  public static final Key<Integer> MAX_MB = integer("migration.max_mb", 65_536, 1, 1_048_576,
      "Largest model moved, in MB.");
  public static final Key<Integer> CHUNK_BYTES = integer("migration.chunk_bytes", 8 << 20, 4096, 256 << 20,
      "Size of one verified chunk of a transfer.");
  public static final Key<Integer> PARALLEL = integer("migration.parallel", 4, 1, 32, "Chunks fetched at once.");
  public static final Key<Integer> MAX_MBPS = integer("migration.max_mbps", 0, 0, 100_000,
      "Bandwidth cap of a migration in MB/s (0: none).");
  public static final Key<String> KEEP = oneOf("migration.keep",
      "What becomes of a model that came here: kept, kept within the budget (LRU), or removed once it answered.",
      "always", "lru", "never");
  public static final Key<Integer> KEEP_BUDGET_GB = integer("migration.keep_budget_gb", 100, 0, 1_000_000,
      "Disk for migrated models under migration.keep: lru, in GB.");
  public static final Key<String> OLLAMA_MODELS_DIR = computed("ollama.models.dir",
      "OLLAMA_MODELS, else ~/.ollama/models", "Where this node's Ollama keeps manifests and blobs.");
  public static final Key<String> HUGGINGFACE_DIR = computed("huggingface.cache.dir",
      "HF_HUB_CACHE, else HF_HOME/hub, else ~/.cache/huggingface/hub", "The Hugging Face cache LlamaFarm's runtime uses.");

  private MigrationKeys() {}
}
