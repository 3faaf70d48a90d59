package dev.atmosphere.gateway;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.atmosphere.schemas.sign.Sha256;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The node API's side of a model migration: a migrated model's blobs for the one node a migration's token names —
 * whole, or a byte range ({@code Range: bytes=a-b}, answered 206), and the SHA-256 of each fixed-size chunk so the
 * target can verify every chunk it fetches. Anything else about the token, node, migration or digest is a 404 that
 * tells nothing.
 */
public final class MigrationBlobs {

  /** Which blob, if any, a requester may fetch under a migration with a token. */
  public interface Source {
    Optional<Path> blob(String migrationId, String digest, String token, String requester);
  }

  private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-(\\d+)");
  private static final int MAX_CHUNKS = 100_000;

  private final Source source;
  private final io.micrometer.core.instrument.Counter served;

  /** @param meters where {@code atmosphere_migration_served_bytes_total} is counted */
  public MigrationBlobs(Source source, io.micrometer.core.instrument.MeterRegistry meters) {
    this.source = source;
    this.served = meters.counter("atmosphere.migration.served.bytes");
  }

  void blob(Context ctx) throws IOException {
    Path file = find(ctx);
    long size = Files.size(file);
    String range = ctx.header("Range");
    long from = 0;
    long to = size - 1;
    if (range != null) {
      Matcher m = RANGE.matcher(range.strip());
      if (!m.matches() || Long.parseLong(m.group(1)) > Long.parseLong(m.group(2))
          || Long.parseLong(m.group(1)) >= size) {
        ctx.header("Content-Range", "bytes */" + size);
        throw new GatewayError(416, "invalid_request_error", "Range", "range_not_satisfiable",
            "Range must be bytes=<first>-<last> within the blob's " + size + " bytes");
      }
      from = Long.parseLong(m.group(1));
      to = Math.min(size - 1, Long.parseLong(m.group(2)));
      ctx.status(206).header("Content-Range", "bytes " + from + "-" + to + "/" + size);
    }
    byte[] bytes = new byte[(int) (to - from + 1)];
    try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
      in.seek(from);
      in.readFully(bytes);
    }
    served.increment(bytes.length);
    ctx.contentType("application/octet-stream").header("Accept-Ranges", "bytes").result(bytes);
  }

  /** SHA-256 of each {@code size}-byte chunk of the blob, in order. */
  void chunks(Context ctx) throws IOException {
    Path file = find(ctx);
    int size;
    try {
      size = Integer.parseInt(ctx.queryParam("size"));
    } catch (NumberFormatException e) {
      throw GatewayError.badRequest("size", "'size' must be the chunk size in bytes");
    }
    if (size < 4096 || Files.size(file) / size > MAX_CHUNKS) {
      throw GatewayError.badRequest("size", "'size' must be at least 4096 and give at most " + MAX_CHUNKS + " chunks");
    }
    ArrayNode out = OpenAiRequests.JSON.createArrayNode();
    try (InputStream in = Files.newInputStream(file)) {
      byte[] chunk;
      while ((chunk = in.readNBytes(size)).length > 0) {
        out.add(Sha256.hex(chunk));
      }
    }
    Gateway.json(ctx, 200, out);
  }

  private Path find(Context ctx) {
    return source.blob(ctx.pathParam("id"), ctx.pathParam("digest"), ctx.header("X-Atmosphere-Transfer-Token"),
        ctx.header("X-Atmosphere-Node")).orElseThrow(() -> new GatewayError(404, "invalid_request_error", null,
        "not_found", "no such blob for this migration and node"));
  }
}
