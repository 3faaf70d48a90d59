package dev.atmosphere.ops.embedded;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;

/**
 * Keeps the embedded broker's data and the embedded registry's data a pair. Every record on the broker carries a
 * schema id that only the registry that issued it can resolve, so a broker directory without its registry (an
 * older in-memory registry, a deleted or copied directory) would start and then fail on the first old record. The
 * registry directory remembers the cluster id of its broker; a start on a mismatched pair is refused with what to
 * do, before anything runs.
 */
public final class DataDirPairing {

  static final String MARKER = "kafka-cluster-id";

  private final Path kafkaDir;
  private final Path registryDir;

  public DataDirPairing(Path kafkaDir, Path registryDir) {
    this.kafkaDir = kafkaDir;
    this.registryDir = registryDir;
  }

  /** Throws {@link IllegalStateException} naming both directories when they were not written together. */
  public void check() {
    Optional<String> cluster = clusterId();
    Optional<String> paired = pairedClusterId();
    if (cluster.isPresent() && paired.isEmpty() && !Files.exists(registryDir.resolve("registry.mv.db"))) {
      throw new IllegalStateException("the broker data in " + kafkaDir + " has no schema registry data beside it ("
          + registryDir + " is empty): its records carry schema ids nothing can resolve (written by an older"
          + " in-memory registry, or the registry directory was removed). Move " + kafkaDir + " away to start"
          + " with an empty mesh.");
    }
    if (cluster.isPresent() && paired.isPresent() && !cluster.get().equals(paired.get())) {
      throw new IllegalStateException("the broker data in " + kafkaDir + " (cluster " + cluster.get()
          + ") and the schema registry data in " + registryDir + " (written for cluster " + paired.get()
          + ") do not belong together. Restore the matching pair, or move both away to start with an empty mesh.");
    }
  }

  /** Records that the registry directory now belongs to the broker's cluster. */
  public void pair() {
    String cluster = clusterId().orElseThrow(() -> new IllegalStateException("no formatted broker in " + kafkaDir));
    try {
      Files.createDirectories(registryDir);
      Files.writeString(registryDir.resolve(MARKER), cluster + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + registryDir.resolve(MARKER), e);
    }
  }

  private Optional<String> clusterId() {
    Path meta = kafkaDir.resolve("logs").resolve("meta.properties");
    if (!Files.exists(meta)) {
      return Optional.empty();
    }
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(meta)) {
      p.load(r);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + meta, e);
    }
    return Optional.ofNullable(p.getProperty("cluster.id"));
  }

  private Optional<String> pairedClusterId() {
    Path marker = registryDir.resolve(MARKER);
    try {
      return Files.exists(marker) ? Optional.of(Files.readString(marker).trim()) : Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + marker, e);
    }
  }
}
