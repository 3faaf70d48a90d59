package dev.atmosphere.backends;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * A backend's models as files on this node — read to migrate a model away, written to receive one. The seam between
 * vendors: a LlamaFarm project may run its model on the node's Ollama, and moving the project moves that model
 * without the LlamaFarm package knowing Ollama's layout.
 */
public interface ModelStore {

  /** The model's manifest (its layers with digests and sizes), or empty when this node does not have it. */
  Optional<JsonNode> manifest(String model);

  /** The file of one layer, or empty when the digest is malformed or absent. */
  Optional<Path> blob(String digest);

  /** Gives a received model to the backend: {@code blobs} holds one verified file per digest of the manifest. */
  interface Importer {
    void importModel(String model, JsonNode manifest, Map<String, Path> blobs) throws IOException, InterruptedException;
  }
}
