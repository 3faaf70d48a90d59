package dev.atmosphere.executor.migration;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.atmosphere.common.migration.Bandwidth;
import dev.atmosphere.common.migration.ChunkPlan;
import dev.atmosphere.schemas.sign.Sha256;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.LongConsumer;

/**
 * Fetches one blob of a migration from the source node's API: the chunks' SHA-256 first, then every chunk by range
 * request, several at once, each verified before it counts (a corrupted chunk is fetched again, up to three times),
 * and finally the whole file against its digest. Verified chunks are recorded next to the partial file, so a
 * transfer broken off — connection dropped, process killed — resumes from them; they are checked again on resume.
 */
public final class BlobDownloader {

  /** Where and as whom to fetch. */
  public record Source(String baseUrl, String migrationId, String token, String requester) {}

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int TRIES = 3;

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private final int chunkBytes;
  private final int parallel;
  private final Bandwidth bandwidth;

  public BlobDownloader(int chunkBytes, int parallel) {
    this(chunkBytes, parallel, Bandwidth.unlimited());
  }

  /** @param bandwidth the limit all chunks of a transfer share ({@code migration.max_mbps}) */
  public BlobDownloader(int chunkBytes, int parallel, Bandwidth bandwidth) {
    this.chunkBytes = chunkBytes;
    this.parallel = parallel;
    this.bandwidth = bandwidth;
  }

  /** Downloads {@code digest} ({@code size} bytes) to {@code target}; {@code progress} hears verified bytes. */
  public void fetch(Source source, String digest, long size, Path target, LongConsumer progress)
      throws IOException, InterruptedException {
    if (Files.exists(target) && sha256Of(target).equals(digest.substring(7))) {
      progress.accept(size);
      return;
    }
    ChunkPlan plan = new ChunkPlan(size, chunkBytes);
    List<String> digests = chunkDigests(source, digest);
    if (digests.size() != plan.count()) {
      throw new IOException("the source lists " + digests.size() + " chunks for " + plan.count());
    }
    Path part = target.resolveSibling(target.getFileName() + ".part");
    Path done = target.resolveSibling(target.getFileName() + ".done");
    Set<Integer> verified = resume(part, done, plan, digests);
    progress.accept(verified.stream().mapToLong(i -> plan.chunks().get(i).length()).sum());
    ExecutorService pool = Executors.newFixedThreadPool(parallel);
    try (RandomAccessFile out = new RandomAccessFile(part.toFile(), "rw")) {
      out.setLength(size);
      List<Future<?>> running = new ArrayList<>();
      for (ChunkPlan.Chunk c : plan.chunks()) {
        if (!verified.contains(c.index())) {
          running.add(pool.submit(() -> {
            byte[] bytes = fetchVerified(source, digest, c, digests.get(c.index()));
            synchronized (out) {
              out.seek(c.offset());
              out.write(bytes);
            }
            record(done, c.index());
            progress.accept(bytes.length);
            return null;
          }));
        }
      }
      for (Future<?> f : running) {
        try {
          f.get();
        } catch (ExecutionException e) {
          throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        }
      }
    } finally {
      pool.shutdownNow(); // a failed chunk stops the others: none keeps fetching behind the caller's back
      if (!pool.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS)) {
        throw new IOException("chunk fetches of " + digest.substring(0, 19) + " did not stop");
      }
    }
    if (!sha256Of(part).equals(digest.substring(7))) {
      Files.deleteIfExists(done); // every chunk matched yet the whole does not: start over next time
      throw new IOException("blob " + digest.substring(0, 19) + " does not match its digest after transfer");
    }
    Files.move(part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    Files.deleteIfExists(done);
  }

  private byte[] fetchVerified(Source s, String digest, ChunkPlan.Chunk c, String expected)
      throws IOException, InterruptedException {
    for (int attempt = 1; ; attempt++) {
      if (Thread.currentThread().isInterrupted()) {
        throw new java.io.InterruptedIOException("transfer of " + digest.substring(0, 19) + " stopped");
      }
      bandwidth.take(c.length());
      HttpResponse<byte[]> r = http.send(request(s, digest, "").header("Range", "bytes=" + c.offset() + "-" + c.last())
          .build(), HttpResponse.BodyHandlers.ofByteArray());
      if (r.statusCode() == 206 && r.body().length == c.length() && Sha256.hex(r.body()).equals(expected)) {
        return r.body();
      }
      if (attempt == TRIES) {
        throw new IOException("chunk " + c.index() + " of " + digest.substring(0, 19) + " failed " + TRIES
            + " times (last HTTP " + r.statusCode() + ")");
      }
    }
  }

  private List<String> chunkDigests(Source s, String digest) throws IOException, InterruptedException {
    HttpResponse<String> r = http.send(request(s, digest, "/chunks?size=" + chunkBytes).build(),
        HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IOException("the source refused the chunk list of " + digest.substring(0, 19) + ": HTTP "
          + r.statusCode());
    }
    List<String> out = new ArrayList<>();
    JSON.readTree(r.body()).forEach(n -> out.add(n.asText()));
    return out;
  }

  private static HttpRequest.Builder request(Source s, String digest, String suffix) {
    return HttpRequest.newBuilder(URI.create(s.baseUrl() + "/v1/atmosphere/migrations/" + s.migrationId() + "/blobs/"
            + digest + suffix)).timeout(Duration.ofMinutes(2))
        .header("X-Atmosphere-Transfer-Token", s.token()).header("X-Atmosphere-Node", s.requester()).GET();
  }

  /** Chunks recorded as verified that still verify on disk. */
  private static Set<Integer> resume(Path part, Path done, ChunkPlan plan, List<String> digests) throws IOException {
    Set<Integer> out = new HashSet<>();
    if (!Files.exists(part) || !Files.exists(done) || Files.size(part) != plan.size()) {
      Files.deleteIfExists(done);
      return out;
    }
    try (RandomAccessFile in = new RandomAccessFile(part.toFile(), "r")) {
      for (String line : Files.readAllLines(done)) {
        int i = Integer.parseInt(line.strip());
        ChunkPlan.Chunk c = plan.chunks().get(i);
        byte[] bytes = new byte[c.length()];
        in.seek(c.offset());
        in.readFully(bytes);
        if (Sha256.hex(bytes).equals(digests.get(i))) {
          out.add(i);
        }
      }
    } catch (NumberFormatException | IndexOutOfBoundsException e) {
      out.clear(); // an unreadable record: trust nothing
    }
    return out;
  }

  private static synchronized void record(Path done, int index) throws IOException {
    Files.writeString(done, index + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);
  }

  /** SHA-256 of a file, read in pieces (models are gigabytes). */
  static String sha256Of(Path file) throws IOException {
    try (java.io.InputStream in = Files.newInputStream(file)) {
      java.security.MessageDigest md = java.security.MessageDigest.getInstance("SHA-256");
      byte[] buffer = new byte[1 << 20];
      int n;
      while ((n = in.read(buffer)) > 0) {
        md.update(buffer, 0, n);
      }
      return java.util.HexFormat.of().formatHex(md.digest());
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
