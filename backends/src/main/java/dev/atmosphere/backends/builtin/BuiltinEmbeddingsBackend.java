package dev.atmosphere.backends.builtin;

import dev.atmosphere.backends.Backend;
import dev.atmosphere.backends.Outcome;
import dev.atmosphere.common.embed.Embedder;
import dev.atmosphere.common.http.HttpFailure;
import dev.atmosphere.schemas.IntentKind;
import dev.atmosphere.schemas.WorkUnit;
import java.time.Duration;
import java.util.List;

/** The in-process embeddings capability every node offers: the text's MiniLM vector as a JSON array. */
public final class BuiltinEmbeddingsBackend implements Backend {

  private final Embedder embedder;

  public BuiltinEmbeddingsBackend(Embedder embedder) {
    this.embedder = embedder;
  }

  @Override
  public Outcome execute(WorkUnit unit, Duration timeout) {
    if (unit.getKind() != IntentKind.EMBED) {
      throw new HttpFailure(HttpFailure.Kind.UNSUPPORTED, null,
          "the built-in embeddings capability cannot serve a " + unit.getKind() + " intent", null);
    }
    String meta = "{\"model\":\"" + embedder.modelId() + "\",\"dimensions\":" + embedder.dimension() + "}";
    if (!unit.getInputs().isEmpty()) { // a batch: one tokenisation and inference pass per input list, in order
      StringBuilder json = new StringBuilder("[");
      for (float[] vector : embedder.embedAll(unit.getInputs())) {
        append(json.append(json.length() > 1 ? "," : ""), vector);
      }
      return new Outcome(json.append(']').toString(), meta, tokens(unit.getInputs()), null);
    }
    return new Outcome(append(new StringBuilder(), embedder.embed(unit.getText())).toString(), meta,
        tokens(List.of(unit.getText())), null);
  }

  /** {@code [f,f,..]} with each number as {@link Float#toString} writes it, without a string per vector. */
  private static StringBuilder append(StringBuilder json, float[] vector) {
    json.append('[');
    for (int d = 0; d < vector.length; d++) {
      json.append(d > 0 ? "," : "").append(vector[d]);
    }
    return json.append(']');
  }

  /** The usage a client is told: the tokens the model read, when it counts them. */
  private Integer tokens(List<String> texts) {
    int sum = 0;
    for (String text : texts) {
      java.util.OptionalInt n = embedder.tokens(text);
      if (n.isEmpty()) {
        return null;
      }
      sum += n.getAsInt();
    }
    return sum;
  }
}
