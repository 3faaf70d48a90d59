package dev.atmosphere.bench;

import dev.atmosphere.client.MeshView;
import dev.atmosphere.executor.migration.BlobDownloader;
import dev.atmosphere.gateway.Gateway;
import dev.atmosphere.gateway.GatewayLock;
import dev.atmosphere.gateway.MigrationBlobs;
import dev.atmosphere.gateway.NodeApi;
import dev.atmosphere.schemas.CapabilityAnnouncement;
import dev.atmosphere.schemas.WorkResult;
import dev.atmosphere.schemas.WorkUnit;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * Model transfer throughput on loopback: a generated model file fetched through the real node API route in verified
 * 8 MiB chunks with 1, 4 and 8 in parallel, against a plain file copy of the same file (the ratio is what counts).
 */
final class MigrationBench {

  private MigrationBench() {}

  static void run(PrintWriter out, Path workDir, int megabytes) throws Exception {
    Path dir = Files.createDirectories(workDir.resolve("migration-bench"));
    Path source = dir.resolve("model.gguf");
    byte[] block = new byte[1 << 20];
    new Random(1).nextBytes(block);
    try (OutputStream o = Files.newOutputStream(source)) {
      for (int i = 0; i < megabytes; i++) {
        o.write(block);
      }
    }
    String digest = "sha256:" + BlobDigest.of(source);
    NodeApi api = new NodeApi("bench", new NodeApi.Port() {
      public List<CapabilityAnnouncement> capabilities() { return List.of(); }
      public Map<String, Object> resources() { return Map.of(); }
      public Map<String, Object> config() { return Map.of(); }
      public java.util.Optional<WorkResult> tryExecute(WorkUnit unit) { throw new UnsupportedOperationException(); }
    }, Clock.systemUTC(), new MigrationBlobs((m, d, t, r) -> d.equals(digest) ? Optional.of(source) : Optional.empty(),
        new io.micrometer.core.instrument.simple.SimpleMeterRegistry()));
    try (Gateway gateway = new Gateway(new Gateway.Settings("127.0.0.1", 0, Duration.ofSeconds(30), "bench", false,
        GatewayLock.loopbackDefaults()), new IdleMesh(), api, Clock.systemUTC()).start()) {
      long t0 = System.nanoTime();
      Files.copy(source, dir.resolve("copy.gguf"), StandardCopyOption.REPLACE_EXISTING);
      double copy = megabytes / ((System.nanoTime() - t0) / 1e9);
      out.printf("model transfer %d MB on loopback: plain file copy %.0f MB/s%n", megabytes, copy);
      for (int parallel : new int[] {1, 4, 8}) {
        Path target = dir.resolve("moved-" + parallel + ".gguf");
        long start = System.nanoTime();
        new BlobDownloader(8 << 20, parallel).fetch(new BlobDownloader.Source("http://127.0.0.1:" + gateway.port(),
            "bench", "token", "node"), digest, Files.size(source), target, n -> { });
        double rate = megabytes / ((System.nanoTime() - start) / 1e9);
        out.printf("  node API, verified 8 MiB chunks, %d in parallel: %.0f MB/s (%.2f of the copy)%n", parallel, rate,
            rate / copy);
        Files.delete(target);
      }
    } finally {
      Files.deleteIfExists(source);
      Files.deleteIfExists(dir.resolve("copy.gguf"));
    }
  }

  /** The mesh port of a gateway that serves only the node API. */
  static final class IdleMesh implements dev.atmosphere.gateway.MeshPort {
    public IdleMesh start() { return this; }
    public List<CapabilityAnnouncement> capabilities() { return List.of(); }
    public MeshView view() { return MeshView.of(List.of()); }
    public void submit(dev.atmosphere.schemas.Intent i, dev.atmosphere.client.ReplyListener l) { }
    public void forget(String id) { }
    public void close() { }
  }

  /** SHA-256 of a file read in pieces. */
  static final class BlobDigest {
    static String of(Path file) throws Exception {
      java.security.MessageDigest md = java.security.MessageDigest.getInstance("SHA-256");
      try (var in = Files.newInputStream(file)) {
        byte[] b = new byte[1 << 20];
        int n;
        while ((n = in.read(b)) > 0) {
          md.update(b, 0, n);
        }
      }
      return java.util.HexFormat.of().formatHex(md.digest());
    }
  }
}
