package dev.atmosphere.backends.llamafarm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.atmosphere.backends.ModelStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The source side of moving a LlamaFarm project's model: reads the project's {@code llamafarm.yaml} from LlamaFarm's
 * data directory, picks its default model and lists the files that make it — a Universal Runtime model's files in the
 * Hugging Face cache, or an Ollama model's blobs — as a migration manifest: the files (digest, size, path), where they
 * go, and the project's configuration without its RAG databases and datasets (the data stays where it is).
 */
public final class LlamaFarmModelFiles {

  /** What a migration offers: the manifest sent to the target and, per digest, the file served for it. */
  public record Offer(ObjectNode manifest, Map<String, Path> files, long size) {}

  /** The capability ids of LlamaFarm projects: {@code llamafarm:llm:<ns>/<project>} or {@code llamafarm:rag:…}. */
  private static final Pattern CAPABILITY = Pattern.compile(
      "llamafarm:(?:llm|rag):([A-Za-z0-9][A-Za-z0-9._-]*)/([A-Za-z0-9][A-Za-z0-9._-]*)");
  static final YAMLMapper YAML = new YAMLMapper();

  private final Path dataDir;
  private final HuggingFaceCache huggingFace;
  private final ModelStore ollama;

  /** @param ollama the node's Ollama models, for a project whose model runs on {@code provider: ollama} */
  public LlamaFarmModelFiles(Path dataDir, HuggingFaceCache huggingFace, ModelStore ollama) {
    this.dataDir = dataDir;
    this.huggingFace = huggingFace;
    this.ollama = ollama;
  }

  /** Whether a migration's model names a LlamaFarm project rather than an Ollama model. */
  public static boolean isProject(String model) {
    return model.startsWith("llamafarm:");
  }

  /** The project's {@code llamafarm.yaml} under a LlamaFarm data directory (names checked). */
  static Path projectFile(Path dataDir, String namespace, String project) {
    return dataDir.resolve("projects").resolve(namespace).resolve(project).resolve("llamafarm.yaml");
  }

  /** The offer for {@code capabilityId}; an IOException's message says why it cannot be moved. */
  public Offer offer(String capabilityId) throws IOException {
    Matcher m = CAPABILITY.matcher(capabilityId);
    if (!m.matches()) {
      throw new IOException(capabilityId + " is not a LlamaFarm project (llamafarm:llm:<namespace>/<project>)");
    }
    Path file = projectFile(dataDir, m.group(1), m.group(2));
    if (!Files.isRegularFile(file)) {
      throw new IOException("project " + m.group(1) + "/" + m.group(2) + " is not in this node's LlamaFarm ("
          + "llamafarm.data.dir)");
    }
    ObjectNode config = (ObjectNode) YAML.readTree(file.toFile());
    JsonNode model = defaultModel(config);
    String provider = model.path("provider").asText();
    String id = model.path("model").asText();
    ObjectNode manifest = YAML.createObjectNode().put("kind", "llamafarm").put("namespace", m.group(1))
        .put("project", m.group(2)).put("modelName", model.path("name").asText()).put("provider", provider)
        .put("model", id);
    config.remove("rag");
    config.remove("datasets");
    manifest.set("config", config);
    ArrayNode layers = manifest.putArray("layers");
    Map<String, Path> files = new HashMap<>();
    if (provider.equals("universal")) {
      HuggingFaceCache.CachedModel cached = huggingFace.model(id).orElseThrow(() -> new IOException("model " + id
          + " of project " + m.group(1) + "/" + m.group(2) + " is not in this node's Hugging Face cache"));
      manifest.put("repo", cached.repo()).put("revision", cached.revision());
      for (HuggingFaceCache.CachedFile f : cached.files()) {
        layers.addObject().put("path", f.path()).put("digest", f.digest()).put("size", f.size());
        files.put(f.digest(), f.blob());
      }
    } else if (provider.equals("ollama")) {
      JsonNode ollamaManifest = ollama.manifest(id).orElseThrow(() -> new IOException("model " + id + " of project "
          + m.group(1) + "/" + m.group(2) + " is not in the Ollama store of this node"));
      manifest.set("ollama", ollamaManifest);
      for (JsonNode layer : ollamaManifest.path("layers")) {
        layers.add(layer);
        String digest = layer.path("digest").asText();
        files.put(digest, ollama.blob(digest).orElseThrow(() -> new IOException("model " + id + " of project "
            + m.group(1) + "/" + m.group(2) + " misses its layer " + digest + " in the Ollama store of this node")));
      }
    } else {
      throw new IOException("project " + m.group(1) + "/" + m.group(2) + " runs its model on provider '" + provider
          + "', whose model is not a file this node holds (universal and ollama models move)");
    }
    long size = 0;
    for (JsonNode layer : layers) {
      size += layer.path("size").asLong(0);
    }
    return new Offer(manifest, files, size);
  }

  /** {@code runtime.default_model}, else the model marked default, else the first. */
  static JsonNode defaultModel(JsonNode config) throws IOException {
    JsonNode models = config.path("runtime").path("models");
    String name = config.path("runtime").path("default_model").asText("");
    JsonNode first = null;
    for (JsonNode model : models) {
      if (model.path("name").asText().equals(name) || name.isEmpty() && model.path("default").asBoolean(false)) {
        return model;
      }
      first = first == null ? model : first;
    }
    if (first == null) {
      throw new IOException("project " + config.path("namespace").asText() + "/" + config.path("name").asText()
          + " has no runtime.models");
    }
    return first;
  }
}
