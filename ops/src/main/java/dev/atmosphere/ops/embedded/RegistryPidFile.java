package dev.atmosphere.ops.embedded;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who runs the registry of one data directory: its process and the process that started it. A launcher killed hard
 * (kill -9, an out-of-memory kill, a crash) cannot stop its registry child, which keeps the database locked, and the
 * next {@code ./atmosphere up} on the same data failed with "schema registry exited with 1". So the next start reads
 * this file and stops a registry whose starter is gone — only that one: a registry whose starter still runs is left
 * alone, and so is a process that is not a registry (a pid reused since).
 */
final class RegistryPidFile {

  private static final Logger log = LoggerFactory.getLogger(RegistryPidFile.class);
  static final String NAME = "registry.pid";

  private RegistryPidFile() {}

  /**
   * Stops the registry ({@code jar} on its command line) a dead launcher left running on {@code storageDir}, if any;
   * true when it stopped one.
   */
  static boolean stopOrphan(Path storageDir, Path jar, Duration wait) {
    Optional<long[]> recorded = read(storageDir.resolve(NAME));
    if (recorded.isEmpty() || ProcessHandle.of(recorded.get()[1]).map(ProcessHandle::isAlive).orElse(false)) {
      return false;
    }
    Optional<ProcessHandle> orphan = ProcessHandle.of(recorded.get()[0]).filter(ProcessHandle::isAlive)
        .filter(p -> p.info().commandLine().map(c -> c.contains(jar.getFileName().toString())).orElse(false));
    if (orphan.isEmpty()) {
      return false;
    }
    log.warn("stopping the schema registry (pid {}) an earlier ./atmosphere up left running when it was killed",
        orphan.get().pid());
    orphan.get().destroyForcibly();
    try {
      orphan.get().onExit().get(wait.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      log.warn("the orphaned schema registry (pid {}) did not stop within {}", orphan.get().pid(), wait);
    }
    return true;
  }

  /** {@code preferred} if it is free once an orphaned registry on {@code storageDir} is stopped, else a free port. */
  static int portAfterOrphan(Path storageDir, Path jar, int preferred) {
    if (storageDir != null && Files.isDirectory(storageDir)) {
      stopOrphan(storageDir, jar, Duration.ofSeconds(10));
    }
    return Ports.preferred(preferred);
  }

  /** Records {@code registry} as started by this process. */
  static void write(Path storageDir, Process registry) throws IOException {
    Files.writeString(storageDir.resolve(NAME), registry.pid() + " " + ProcessHandle.current().pid() + "\n",
        StandardCharsets.UTF_8);
  }

  private static Optional<long[]> read(Path file) {
    try {
      String[] f = Files.readString(file, StandardCharsets.UTF_8).trim().split("\\s+");
      return Optional.of(new long[] {Long.parseLong(f[0]), Long.parseLong(f[1])});
    } catch (IOException | RuntimeException e) {
      return Optional.empty(); // none, or not ours: nothing to stop
    }
  }
}
