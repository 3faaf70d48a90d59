package dev.atmosphere.backends.ollama;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Gives a migrated model to this node's Ollama the way Ollama itself takes models: each GGUF blob uploaded with
 * {@code HEAD/POST /api/blobs/sha256:<digest>} (skipped when Ollama already has it), then {@code POST /api/create}
 * naming the files by digest, with the template, system prompt and parameters layers as their fields.
 */
public final class OllamaImporter implements dev.atmosphere.backends.ModelStore.Importer {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Map<String, String> FILES = Map.of("application/vnd.ollama.image.model", "model.gguf",
      "application/vnd.ollama.image.projector", "projector.gguf", "application/vnd.ollama.image.adapter",
      "adapter.gguf");

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private final String host;

  public OllamaImporter(String host) {
    this.host = host.endsWith("/") ? host.substring(0, host.length() - 1) : host;
  }

  /** Uploads the manifest's blobs from {@code blobs} (one file per digest) and creates {@code model}. */
  @Override
  public void importModel(String model, JsonNode manifest, Map<String, Path> blobs)
      throws IOException, InterruptedException {
    ObjectNode create = JSON.createObjectNode().put("model", model).put("stream", false);
    ObjectNode files = create.putObject("files");
    for (JsonNode layer : manifest.path("layers")) {
      String type = layer.path("mediaType").asText();
      String digest = layer.path("digest").asText();
      Path file = blobs.get(digest);
      if (FILES.containsKey(type)) {
        upload(digest, file);
        files.put(FILES.get(type), digest);
      } else if (type.endsWith(".template")) {
        create.put("template", Files.readString(file, StandardCharsets.UTF_8));
      } else if (type.endsWith(".system")) {
        create.put("system", Files.readString(file, StandardCharsets.UTF_8));
      } else if (type.endsWith(".params")) {
        create.set("parameters", JSON.readTree(file.toFile()));
      }
    }
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(host + "/api/create"))
        .timeout(Duration.ofMinutes(30)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(create.toString())).build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() / 100 != 2 || r.body().contains("\"error\"")) {
      throw new IOException("Ollama could not create " + model + ": HTTP " + r.statusCode() + " "
          + r.body().substring(0, Math.min(200, r.body().length())));
    }
  }

  /** Removes {@code model} from this Ollama ({@code DELETE /api/delete}); gone already counts as done. */
  public void delete(String model) throws IOException, InterruptedException {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(host + "/api/delete"))
        .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
        .method("DELETE", HttpRequest.BodyPublishers.ofString(JSON.createObjectNode().put("model", model).toString()))
        .build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() / 100 != 2 && r.statusCode() != 404) {
      throw new IOException("Ollama could not delete " + model + ": HTTP " + r.statusCode());
    }
  }

  private void upload(String digest, Path file) throws IOException, InterruptedException {
    URI uri = URI.create(host + "/api/blobs/" + digest);
    int head = http.send(HttpRequest.newBuilder(uri).method("HEAD", HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.discarding()).statusCode();
    if (head == 200) {
      return;
    }
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(30))
        .POST(HttpRequest.BodyPublishers.ofFile(file)).build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() / 100 != 2) {
      throw new IOException("Ollama refused blob " + digest.substring(0, 19) + ": HTTP " + r.statusCode());
    }
  }
}
