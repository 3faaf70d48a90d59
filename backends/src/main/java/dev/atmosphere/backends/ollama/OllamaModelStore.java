package dev.atmosphere.backends.ollama;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An Ollama model as it lies on disk — the only way to read one, since Ollama's blob API only receives: the manifest
 * at {@code manifests/registry.ollama.ai/<namespace>/<name>/<tag>} (namespace {@code library} for official models)
 * and its layers at {@code blobs/sha256-<hex>}. Digests are checked before they touch a path.
 */
public final class OllamaModelStore implements dev.atmosphere.backends.ModelStore {

  private static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}");
  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]*(/[a-z0-9][a-z0-9._-]*)?(:[A-Za-z0-9._-]+)?");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path dir;

  public OllamaModelStore(Path dir) {
    this.dir = dir;
  }

  /** The model's manifest, or empty when this Ollama does not have it (or the name is not a model name). */
  @Override
  public Optional<JsonNode> manifest(String model) {
    if (!NAME.matcher(model).matches()) {
      return Optional.empty();
    }
    String name = model.contains(":") ? model.substring(0, model.indexOf(':')) : model;
    String tag = model.contains(":") ? model.substring(model.indexOf(':') + 1) : "latest";
    Path file = dir.resolve("manifests").resolve("registry.ollama.ai")
        .resolve(name.contains("/") ? name : "library/" + name).resolve(tag);
    try {
      return Files.isRegularFile(file) ? Optional.of(JSON.readTree(file.toFile())) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** The blob of {@code digest}, or empty when the digest is malformed or absent. */
  @Override
  public Optional<Path> blob(String digest) {
    if (digest == null || !DIGEST.matcher(digest).matches()) {
      return Optional.empty();
    }
    Path p = dir.resolve("blobs").resolve("sha256-" + digest.substring(7));
    return Files.isRegularFile(p) ? Optional.of(p) : Optional.empty();
  }

  /** Total bytes of the manifest's layers (what moves; the config is rebuilt by the target's Ollama). */
  public static long size(JsonNode manifest) {
    long total = 0;
    for (JsonNode l : manifest.path("layers")) {
      total += l.path("size").asLong(0);
    }
    return total;
  }
}
