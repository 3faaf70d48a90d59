package dev.atmosphere.executor.federated;

import dev.atmosphere.schemas.FederatedPart;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * What this node has released, kept on its disk before it is sent: a task seen again (a restart before the offset
 * was committed) re-sends the same bytes instead of drawing fresh noise — two noisy releases of one statistic would
 * spend the budget twice, and of two differing answers would cancel the noise out.
 */
public final class ReleasedParts {

  private final Path dir;

  public ReleasedParts(Path dir) {
    this.dir = dir;
  }

  public Optional<FederatedPart> find(String queryId) {
    Path p = file(queryId);
    try {
      return Files.exists(p) ? Optional.of(FederatedPart.fromByteBuffer(ByteBuffer.wrap(Files.readAllBytes(p))))
          : Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read released part " + p, e);
    }
  }

  /**
   * Kept in Avro's single-object encoding (no registry needed, so a registry outage cannot lose it), written to a
   * temporary file and moved into place, so a crash never leaves half a release.
   */
  public void keep(String queryId, FederatedPart part) {
    try {
      Files.createDirectories(dir);
      Path tmp = Files.createTempFile(dir, "part", ".tmp");
      ByteBuffer encoded = part.toByteBuffer();
      byte[] bytes = new byte[encoded.remaining()];
      encoded.get(bytes);
      Files.write(tmp, bytes);
      Files.move(tmp, file(queryId), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot keep released part in " + dir, e);
    }
  }

  private Path file(String queryId) {
    return dir.resolve(dev.atmosphere.schemas.sign.Sha256.hex(queryId.getBytes(java.nio.charset.StandardCharsets.UTF_8))
        + ".part");
  }
}
