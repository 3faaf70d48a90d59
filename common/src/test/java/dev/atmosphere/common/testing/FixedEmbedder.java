package dev.atmosphere.common.testing;

import dev.atmosphere.common.embed.Embedder;

/** Embeds every text to the same unit vector: relevance never decides, so tests isolate the other rules. */
public final class FixedEmbedder implements Embedder {

  @Override
  public String modelId() {
    return "fixed";
  }

  @Override
  public int dimension() {
    return 2;
  }

  @Override
  public float[] embed(String text) {
    return new float[] {1, 0};
  }
}
