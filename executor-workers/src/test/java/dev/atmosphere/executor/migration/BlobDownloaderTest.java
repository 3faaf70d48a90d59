package dev.atmosphere.executor.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.atmosphere.schemas.sign.Sha256;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Moving a blob chunk by chunk against a stand-in of the source node's API (the same routes, range answers and chunk
 * digests): identical bytes for any chunk size; a corrupted chunk fetched again; a transfer whose source dies
 * half-way resumes from the chunks already verified, fetching only the rest; a wrong token gets nothing.
 */
class BlobDownloaderTest {

  private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-(\\d+)");
  @TempDir Path dir;
  private HttpServer server;
  private final AtomicInteger rangeRequests = new AtomicInteger();
  private volatile int failAfter = Integer.MAX_VALUE;
  private volatile int corruptNext;

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop(0);
    }
  }

  /** Serves {@code blob} under migration m1 for node-b with token t. */
  private BlobDownloader.Source serve(byte[] blob, String digest) throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(8));
    server.createContext("/v1/atmosphere/migrations/m1/blobs/" + digest, ex -> {
      try (ex) {
        if (!"t".equals(ex.getRequestHeaders().getFirst("X-Atmosphere-Transfer-Token"))
            || !"node-b".equals(ex.getRequestHeaders().getFirst("X-Atmosphere-Node"))) {
          ex.sendResponseHeaders(404, -1);
          return;
        }
        if (ex.getRequestURI().getPath().endsWith("/chunks")) {
          int size = Integer.parseInt(ex.getRequestURI().getQuery().substring("size=".length()));
          StringBuilder json = new StringBuilder("[");
          for (int off = 0; off < blob.length; off += size) {
            json.append(off == 0 ? "" : ",").append('"')
                .append(Sha256.hex(Arrays.copyOfRange(blob, off, Math.min(blob.length, off + size)))).append('"');
          }
          reply(ex, 200, json.append("]").toString().getBytes(StandardCharsets.UTF_8));
          return;
        }
        if (rangeRequests.incrementAndGet() > failAfter) {
          ex.sendResponseHeaders(503, -1); // the source went away
          return;
        }
        Matcher m = RANGE.matcher(ex.getRequestHeaders().getFirst("Range"));
        m.matches();
        byte[] part = Arrays.copyOfRange(blob, Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)) + 1);
        if (corruptNext > 0) {
          corruptNext--;
          part = part.clone();
          part[0] ^= 1;
        }
        reply(ex, 206, part);
      }
    });
    server.start();
    return new BlobDownloader.Source("http://127.0.0.1:" + server.getAddress().getPort(), "m1", "t", "node-b");
  }

  private static void reply(HttpExchange ex, int status, byte[] body) throws IOException {
    ex.sendResponseHeaders(status, body.length);
    ex.getResponseBody().write(body);
  }

  private static byte[] blob(int size) {
    byte[] b = new byte[size];
    new Random(size).nextBytes(b);
    return b;
  }

  @Test
  void shouldMoveIdenticalBytesForChunkSizesThatDoAndDoNotDivideTheFile() throws Exception {
    byte[] blob = blob(1_000_003);
    String digest = "sha256:" + Sha256.hex(blob);
    BlobDownloader.Source source = serve(blob, digest);
    for (int chunk : new int[] {4096, 65_536, 1 << 20, 2 << 20}) {
      Path target = dir.resolve("blob-" + chunk);
      AtomicInteger reported = new AtomicInteger();

      new BlobDownloader(chunk, 4).fetch(source, digest, blob.length, target, n -> reported.addAndGet((int) n));

      assertThat(Files.readAllBytes(target)).isEqualTo(blob);
      assertThat(reported).hasValue(blob.length);
    }
  }

  @Test
  void shouldFetchACorruptedChunkAgain() throws Exception {
    byte[] blob = blob(300_000);
    String digest = "sha256:" + Sha256.hex(blob);
    BlobDownloader.Source source = serve(blob, digest);
    corruptNext = 2;

    new BlobDownloader(65_536, 1).fetch(source, digest, blob.length, dir.resolve("b"), n -> { });

    assertThat(Files.readAllBytes(dir.resolve("b"))).isEqualTo(blob);
    assertThat(rangeRequests.get()).isEqualTo(5 + 2);
  }

  @Test
  void shouldResumeFromTheVerifiedChunksAfterTheSourceDiedHalfWay() throws Exception {
    byte[] blob = blob(1_000_000);
    String digest = "sha256:" + Sha256.hex(blob);
    BlobDownloader.Source source = serve(blob, digest);
    Path target = dir.resolve("b");
    failAfter = 6;

    assertThatThrownBy(() -> new BlobDownloader(100_000, 1).fetch(source, digest, blob.length, target, n -> { }))
        .isInstanceOf(IOException.class);
    failAfter = Integer.MAX_VALUE;
    int before = rangeRequests.get();
    new BlobDownloader(100_000, 1).fetch(source, digest, blob.length, target, n -> { });

    assertThat(Files.readAllBytes(target)).isEqualTo(blob);
    assertThat(rangeRequests.get() - before).isEqualTo(10 - 6); // only the chunks not verified before
  }

  @Test
  void shouldGetNothingWithAWrongToken() throws Exception {
    byte[] blob = blob(10_000);
    String digest = "sha256:" + Sha256.hex(blob);
    BlobDownloader.Source good = serve(blob, digest);
    BlobDownloader.Source forged = new BlobDownloader.Source(good.baseUrl(), "m1", "forged", "node-b");

    assertThatThrownBy(() -> new BlobDownloader(4096, 1).fetch(forged, digest, blob.length, dir.resolve("x"), n -> { }))
        .hasMessageContaining("HTTP 404");
    assertThat(dir.resolve("x")).doesNotExist();
  }
}
