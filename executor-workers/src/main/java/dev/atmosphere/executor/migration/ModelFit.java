package dev.atmosphere.executor.migration;

import java.util.Locale;
import java.util.Optional;

/**
 * Whether a model offered to this node can run here the way the node allows, decided before a byte is fetched.
 * With {@code migration.allow_cpu: false} a model must fit in GPU memory alone — Ollama would otherwise split it
 * between GPU and CPU and answer many times slower, which a node that reserves itself for GPU work refuses; a node
 * whose GPU memory is unknown (no nvidia-smi) is not refused for it. With CPU allowed (the default) the router has
 * already compared the size with system and GPU memory together.
 */
final class ModelFit {

  private ModelFit() {}

  /** Why the model cannot come here, or empty when it may. */
  static Optional<String> refusal(String model, long modelBytes, boolean allowCpu, Long gpuMemoryBytes, String node) {
    if (allowCpu || gpuMemoryBytes == null || modelBytes <= gpuMemoryBytes) {
      return Optional.empty();
    }
    return Optional.of(String.format(Locale.ROOT, "%s needs %.1f GB of GPU memory and node %s has %.1f GB "
        + "(migration.allow_cpu: false, so it may not run partly on the CPU)", model, modelBytes / 1e9, node,
        gpuMemoryBytes / 1e9));
  }
}
