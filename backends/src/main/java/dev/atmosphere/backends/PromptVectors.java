package dev.atmosphere.backends;

import dev.atmosphere.common.embed.Embedder;
import dev.atmosphere.common.embed.TextParts;
import java.util.ArrayList;
import java.util.List;

/**
 * A system prompt as an announcement carries it: never as text (it is the owner's private instruction), only as
 * vectors — one of the whole and one per sentence and list item ({@link TextParts}, at most
 * {@value TextParts#MAX_ANNOUNCED}) — which the router adds to the capability's facets. Shared by every backend whose
 * capabilities have a prompt (a LlamaFarm project's prompts, an Ollama Modelfile's {@code SYSTEM}).
 */
public final class PromptVectors {

  private final Embedder embedder;

  /** @param embedder the mesh's embedding model; null: no vectors (the capability is routed by its description) */
  public PromptVectors(Embedder embedder) {
    this.embedder = embedder;
  }

  /** The whole prompt's vector, or null without a prompt or an embedder. */
  public List<Float> whole(String prompt) {
    return embedder == null || prompt == null || prompt.isBlank() ? null : floats(embedder.embed(prompt));
  }

  /** One vector per part, or null without a prompt or an embedder. */
  public List<List<Float>> parts(String prompt) {
    if (embedder == null || prompt == null || prompt.isBlank()) {
      return null;
    }
    List<String> parts = TextParts.of(prompt, true);
    return parts.subList(0, Math.min(parts.size(), TextParts.MAX_ANNOUNCED)).stream()
        .map(p -> floats(embedder.embed(p))).toList();
  }

  /**
   * The prompt's parts followed by {@code more} (texts of the same private kind, such as questions the project's model
   * wrote), at most {@value TextParts#MAX_ANNOUNCED} vectors together; null when there is nothing or no embedder.
   */
  public List<List<Float>> parts(String prompt, List<String> more) {
    List<List<Float>> parts = parts(prompt);
    if (embedder == null || more.isEmpty()) {
      return parts;
    }
    List<List<Float>> out = new ArrayList<>(parts == null ? List.of() : parts);
    more.stream().limit(Math.max(0, TextParts.MAX_ANNOUNCED - out.size())).forEach(t -> out.add(floats(embedder.embed(t))));
    return out;
  }

  /** The model of these vectors, or null. */
  public String modelId() {
    return embedder == null ? null : embedder.modelId();
  }

  private static List<Float> floats(float[] v) {
    List<Float> out = new ArrayList<>(v.length);
    for (float f : v) {
      out.add(f);
    }
    return out;
  }
}
