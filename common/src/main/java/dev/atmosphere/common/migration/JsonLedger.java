package dev.atmosphere.common.migration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * A small JSON file a node keeps its migration bookkeeping in (offers it made, models it received), written whole
 * and atomically (a temporary file, then a rename) so a crash never leaves half a ledger behind.
 */
public final class JsonLedger {

  private static final ObjectMapper JSON = new ObjectMapper();

  private JsonLedger() {}

  /** The ledger's content, or empty when there is none yet. */
  public static Optional<JsonNode> read(Path file) {
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      return Optional.of(JSON.readTree(file.toFile()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  public static void write(Path file, JsonNode content) {
    try {
      Files.createDirectories(file.getParent());
      Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
      JSON.writeValue(tmp.toFile(), content);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  public static com.fasterxml.jackson.databind.node.ObjectNode object() {
    return JSON.createObjectNode();
  }
}
