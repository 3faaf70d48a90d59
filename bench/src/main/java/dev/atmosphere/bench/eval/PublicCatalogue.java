package dev.atmosphere.bench.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atmosphere.backends.llamafarm.LlamaFarmMapper;
import dev.atmosphere.backends.ollama.OllamaSource;
import dev.atmosphere.common.embed.Embedder;
import dev.atmosphere.schemas.CapabilityAnnouncement;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The public evaluation's mesh, announced exactly as nodes announce it: each LlamaFarm project as the
 * {@code llamafarm.yaml} it would have, through the real {@link LlamaFarmMapper} (so a system prompt reaches routing
 * only as an embedding), and each Ollama model through the real {@link OllamaSource} mapping.
 */
public final class PublicCatalogue {

  static final String NAMESPACE = "acme";
  private static final ObjectMapper JSON = new ObjectMapper();

  private PublicCatalogue() {}

  public static List<CapabilityAnnouncement> load(Embedder embedder) {
    JsonNode root = read("/eval/public/catalogue.json");
    List<CapabilityAnnouncement> out = new ArrayList<>();
    LlamaFarmMapper mapper = new LlamaFarmMapper("eval", embedder);
    for (JsonNode p : root.path("projects")) {
      out.add(mapper.map(NAMESPACE, project(p)));
    }
    OllamaSource ollama = new OllamaSource(null, "http://127.0.0.1:1", "eval", Duration.ofSeconds(1));
    for (JsonNode m : root.path("ollama")) {
      ObjectNode tag = JSON.createObjectNode().put("name", m.path("name").asText()).put("model", m.path("name").asText());
      tag.putObject("details").put("family", m.path("family").asText()).put("parameter_size", m.path("size").asText());
      ObjectNode show = JSON.createObjectNode();
      show.set("capabilities", m.path("capabilities"));
      out.addAll(ollama.map(tag, show));
    }
    return out;
  }

  /** The project's {@code llamafarm.yaml} as {@code GET /v1/projects/{ns}} returns it. */
  private static JsonNode project(JsonNode p) {
    ObjectNode project = JSON.createObjectNode().put("name", p.path("name").asText());
    ObjectNode config = project.putObject("config");
    if (p.hasNonNull("description")) {
      config.put("description", p.path("description").asText());
    }
    ObjectNode runtime = config.putObject("runtime").put("default_model", "default");
    runtime.putArray("models").addObject().put("name", "default").put("provider", "ollama")
        .put("model", "model:latest").put("description", p.path("model").asText());
    if (p.path("rag").asBoolean(false)) {
      config.putObject("rag").putArray("databases").addObject().put("name", p.path("name").asText() + "_db");
    }
    config.putArray("prompts").addObject().put("name", "default").putArray("messages").addObject()
        .put("role", "system").put("content", p.path("prompt").asText());
    return project;
  }

  static JsonNode read(String resource) {
    try (InputStream in = PublicCatalogue.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(resource + " is not on the classpath");
      }
      return JSON.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
