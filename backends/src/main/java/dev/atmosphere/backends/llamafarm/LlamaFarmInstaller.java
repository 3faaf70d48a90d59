package dev.atmosphere.backends.llamafarm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atmosphere.backends.ModelStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;

/**
 * The target side of moving a LlamaFarm project's model: puts the verified files where this node's LlamaFarm finds
 * them — a Universal Runtime model into the Hugging Face cache, an Ollama model into the local Ollama — and makes the
 * model name resolve in the project: a project this node lacks is created from the source's configuration (without
 * RAG databases or datasets); an existing one gets the model added to, or replaced in, its {@code runtime.models}.
 * LlamaFarm then serves it and this node's discovery announces it.
 */
public final class LlamaFarmInstaller {

  private final Path dataDir;
  private final HuggingFaceCache huggingFace;
  private final ModelStore.Importer ollama;

  /** @param ollama the node's Ollama, for a project whose model runs on {@code provider: ollama} */
  public LlamaFarmInstaller(Path dataDir, HuggingFaceCache huggingFace, ModelStore.Importer ollama) {
    this.dataDir = dataDir;
    this.huggingFace = huggingFace;
    this.ollama = ollama;
  }

  /** Installs the files of {@code manifest} (from {@link LlamaFarmModelFiles}), one verified file per digest. */
  public void install(JsonNode manifest, Map<String, Path> blobs) throws IOException, InterruptedException {
    String provider = manifest.path("provider").asText();
    if (provider.equals("universal")) {
      for (JsonNode layer : manifest.path("layers")) {
        huggingFace.install(manifest.path("repo").asText(), manifest.path("revision").asText(),
            layer.path("path").asText(), blobs.get(layer.path("digest").asText()), layer.path("digest").asText());
      }
    } else if (provider.equals("ollama")) {
      ollama.importModel(manifest.path("model").asText(), manifest.path("ollama"), blobs);
    } else {
      throw new IOException("a LlamaFarm model on provider '" + provider + "' cannot be installed here");
    }
    project(manifest);
  }

  private void project(JsonNode manifest) throws IOException {
    String namespace = manifest.path("namespace").asText();
    String name = manifest.path("project").asText();
    if (!namespace.matches("[A-Za-z0-9][A-Za-z0-9._-]*") || !name.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
      throw new IOException("refusing a project with an unsafe name: " + namespace + "/" + name);
    }
    Path file = LlamaFarmModelFiles.projectFile(dataDir, namespace, name);
    JsonNode model = LlamaFarmModelFiles.defaultModel(manifest.path("config"));
    ObjectNode config;
    if (Files.isRegularFile(file)) {
      config = (ObjectNode) LlamaFarmModelFiles.YAML.readTree(file.toFile());
      ObjectNode runtime = config.get("runtime") instanceof ObjectNode o ? o : config.putObject("runtime");
      ArrayNode models = runtime.get("models") instanceof ArrayNode a ? a : runtime.putArray("models");
      for (int i = models.size() - 1; i >= 0; i--) {
        if (models.get(i).path("name").asText().equals(model.path("name").asText())) {
          models.remove(i);
        }
      }
      models.add(model.deepCopy());
      if (!runtime.hasNonNull("default_model")) {
        runtime.put("default_model", model.path("name").asText());
      }
    } else {
      config = (ObjectNode) manifest.path("config").deepCopy();
    }
    Files.createDirectories(file.getParent());
    Path temp = file.resolveSibling("llamafarm.yaml.migrating");
    LlamaFarmModelFiles.YAML.writeValue(temp.toFile(), config);
    Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
