package dev.atmosphere.ingest.resources;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The machine's resources a heartbeat reports: system memory (free and total), free disk where models are kept, and
 * the GPUs through {@link GpuProbe}. Scoring and the scaler read them from the heartbeat; unknown stays null.
 */
public final class MachineResources {

  /** One reading. */
  public record Snapshot(Long freeMemoryBytes, Long totalMemoryBytes, Long freeDiskBytes, GpuProbe.Gpu gpu) {}

  private final GpuProbe gpu;
  private final Path modelsDir;

  public MachineResources(GpuProbe gpu, Path modelsDir) {
    this.gpu = gpu;
    this.modelsDir = modelsDir;
  }

  public Snapshot current() {
    Long free = null;
    Long total = null;
    if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
      free = os.getFreeMemorySize();
      total = os.getTotalMemorySize();
    }
    return new Snapshot(free, total, freeDisk(), gpu.current());
  }

  private Long freeDisk() {
    Path p = modelsDir;
    while (p != null && !Files.exists(p)) {
      p = p.getParent(); // the models directory may not exist yet: its file system is what counts
    }
    try {
      return p == null ? null : Files.getFileStore(p).getUsableSpace();
    } catch (IOException e) {
      return null;
    }
  }
}
