package dev.atmosphere.common.embed;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * Turns text into a unit-length vector. The router owns one so that intent and capability vectors always come
 * from the same model and compare; executors use one to serve the built-in embeddings capability.
 */
public interface Embedder {

  /** A stable id of the model, e.g. {@code all-MiniLM-L6-v2-q}; vectors of different ids never compare. */
  String modelId();

  int dimension();

  float[] embed(String text);

  /**
   * How many tokens of {@code text} the model reads — within its window, without the markers it adds — for the
   * usage a client is told; empty when the model does not count in tokens.
   */
  default OptionalInt tokens(String text) {
    return OptionalInt.empty();
  }

  default List<float[]> embedAll(List<String> texts) {
    List<float[]> out = new ArrayList<>(texts.size());
    for (String text : texts) {
      out.add(embed(text));
    }
    return out;
  }
}
