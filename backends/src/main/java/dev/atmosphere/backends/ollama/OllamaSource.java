package dev.atmosphere.backends.ollama;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atmosphere.backends.CapabilitySource;
import dev.atmosphere.backends.PromptVectors;
import dev.atmosphere.common.http.HttpFailure;
import dev.atmosphere.common.http.JsonHttp;
import dev.atmosphere.schemas.CapabilityAnnouncement;
import dev.atmosphere.schemas.CapabilityConstraints;
import dev.atmosphere.schemas.CapabilityMetadata;
import dev.atmosphere.schemas.CapabilityResources;
import dev.atmosphere.schemas.CapabilityType;
import dev.atmosphere.schemas.LatencyClass;
import dev.atmosphere.schemas.Provider;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Capabilities of an Ollama server: models from {@code GET /api/tags}, what each can do from
 * {@code POST /api/show} ({@code capabilities}: completion, embedding, vision). A completion model becomes
 * {@code ollama:llm:<model>} (described by its specialty when its name says one, see {@link OllamaSpecialty}, else as
 * general-purpose; a Modelfile {@code SYSTEM} prompt travels as vectors), an embedding model
 * {@code ollama:embeddings:<model>}, a vision model also {@code ollama:vision:<model>}. An absent Ollama is not an error: it offers nothing.
 */
public final class OllamaSource implements CapabilitySource {

  private static final Logger log = LoggerFactory.getLogger(OllamaSource.class);

  private final JsonHttp http;
  private final String host;
  private final String nodeId;
  private final Duration timeout;
  private final PromptVectors prompts;

  public OllamaSource(JsonHttp http, String host, String nodeId, Duration timeout) {
    this(http, host, nodeId, timeout, null);
  }

  /** @param embedder embeds a model's Modelfile {@code SYSTEM} prompt into its announcement (never its text) */
  public OllamaSource(JsonHttp http, String host, String nodeId, Duration timeout,
      dev.atmosphere.common.embed.Embedder embedder) {
    this.prompts = new PromptVectors(embedder);
    this.http = http;
    this.host = host.endsWith("/") ? host.substring(0, host.length() - 1) : host;
    this.nodeId = nodeId;
    this.timeout = timeout;
  }

  @Override
  public String name() {
    return "ollama";
  }

  @Override
  public List<CapabilityAnnouncement> discover() {
    JsonNode tags;
    try {
      tags = http.get(host + "/api/tags", timeout);
    } catch (HttpFailure e) {
      if (e.kind() == HttpFailure.Kind.CONNECTION_REFUSED) {
        log.debug("no Ollama at {}", host);
        return List.of();
      }
      throw e;
    }
    List<CapabilityAnnouncement> out = new ArrayList<>();
    for (JsonNode model : tags.path("models")) {
      String name = model.path("name").asText();
      JsonNode show = http.post(host + "/api/show", Map.of("model", name), Map.of(), timeout);
      out.addAll(map(model, show));
    }
    return out;
  }

  /** The capabilities of one Ollama model from its {@code /api/tags} entry and {@code /api/show} answer. */
  public List<CapabilityAnnouncement> map(JsonNode model, JsonNode show) {
    String name = model.path("name").asText();
    JsonNode details = model.path("details");
    Set<String> caps = new HashSet<>();
    show.path("capabilities").forEach(c -> caps.add(c.asText()));
    if (caps.isEmpty()) { // older Ollama without capabilities: judge by name
      caps.add(name.contains("embed") ? "embedding" : "completion");
    }
    Integer context = contextLength(show.path("model_info"));
    String size = details.path("parameter_size").asText(null);
    String family = details.path("family").asText(null);
    String facts = (family == null ? "" : family + " ") + (size == null ? "" : size + " ");
    List<CapabilityAnnouncement> out = new ArrayList<>();
    if (caps.contains("completion")) {
      String system = show.path("system").asText(""); // the Modelfile's SYSTEM prompt: meaning only, as vectors
      out.add(CapabilityAnnouncement.newBuilder(build("ollama:llm:" + name, CapabilityType.LLM, name,
          OllamaSpecialty.of(name).map(s -> s + ". " + facts + "model " + name + " served by Ollama")
              .orElse("General-purpose " + facts + "chat model " + name + " served by Ollama: conversation, "
                  + "questions and answers, writing, summarising, explaining and reasoning"),
          model, context, caps.contains("tools")))
          .setEmbedding(prompts.whole(system)).setFacetEmbeddings(prompts.parts(system))
          .setEmbeddingModel(system.isBlank() ? null : prompts.modelId()).build());
    }
    if (caps.contains("vision")) {
      out.add(build("ollama:vision:" + name, CapabilityType.VISION, name,
          "Vision model " + name + ": describes images, reads pictures, screenshots and photos", model, context,
          caps.contains("tools")));
    }
    if (caps.contains("embedding")) {
      out.add(build("ollama:embeddings:" + name, CapabilityType.EMBEDDINGS, name,
          "Text embeddings with " + name + " served by Ollama: vectors for semantic search and similarity", model,
          context, false));
    }
    return out;
  }

  private CapabilityAnnouncement build(String id, CapabilityType type, String model, String description,
      JsonNode tag, Integer context, boolean tools) {
    JsonNode details = tag.path("details");
    return CapabilityAnnouncement.newBuilder()
        .setCapabilityId(id)
        .setNodeId(nodeId)
        .setType(type)
        .setName(model)
        .setDescription(description)
        .setModels(List.of(model))
        .setMetadata(CapabilityMetadata.newBuilder()
            .setProvider(Provider.OLLAMA)
            .setTarget(model)
            .setSizeParams(details.path("parameter_size").asText(null))
            .setQuantization(details.path("quantization_level").asText(null))
            .setFamily(details.path("family").asText(null))
            .setContextLength(context)
            .setExtra(Map.of("digest", tag.path("digest").asText(""), "tools",
                Boolean.toString(tools), "size_bytes", Long.toString(tag.path("size").asLong(0))))
            .build())
        .setResources(CapabilityResources.newBuilder().setCostPerToken(0).setLatencyClass(LatencyClass.INTERACTIVE)
            .build())
        .setConstraints(CapabilityConstraints.newBuilder().setMaxTokens(context).build())
        .setAnnouncedAt(Instant.EPOCH)
        .setSequence(0)
        .build();
  }

  private static Integer contextLength(JsonNode modelInfo) {
    var fields = modelInfo.fields();
    while (fields.hasNext()) {
      var e = fields.next();
      if (e.getKey().endsWith(".context_length") && e.getValue().canConvertToInt()) {
        return e.getValue().asInt();
      }
    }
    return null;
  }
}
