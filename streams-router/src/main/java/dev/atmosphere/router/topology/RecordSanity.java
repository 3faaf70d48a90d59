package dev.atmosphere.router.topology;

import dev.atmosphere.common.embed.TextParts;
import java.util.List;
import org.apache.avro.generic.GenericRecord;

/**
 * What a signature cannot vouch for: that the numbers a node signed are usable. A NaN in one announced vector
 * sorts before every real score and broke balancing for the whole mesh; an infinite cost or load does the same.
 * Announcements and heartbeats with non-finite numbers, vectors of a size no embedder produces, more facet vectors
 * than a node announces, or vectors that are not unit length (every embedding of the mesh is normalised) are rejected before they reach the gradient table.
 */
final class RecordSanity {

  /** Larger than any sentence embedder in use (MiniLM 384, BGE 384–1024, OpenAI 1536–3072). */
  static final int MAX_DIMENSION = 4096;
  private static final double NORM_TOLERANCE = 0.02;

  private RecordSanity() {}

  /** Why the record's numbers are unusable, or null. */
  static String problem(GenericRecord r, boolean capability) {
    return capability ? capabilityProblem(r) : finite("load", r.get("load"), "tokensPerSecond", r.get("tokensPerSecond"));
  }

  private static String capabilityProblem(GenericRecord r) {
    GenericRecord resources = (GenericRecord) r.get("resources");
    String numbers = finite("resources.costPerToken", resources.get("costPerToken"),
        "resources.tokensPerSecond", resources.get("tokensPerSecond"));
    if (numbers != null) {
      return numbers;
    }
    if (((Number) resources.get("costPerToken")).doubleValue() < 0) {
      return "resources.costPerToken is negative";
    }
    Object embedding = r.get("embedding");
    String problem = embedding == null ? null : vectorProblem((List<?>) embedding);
    Object parts = r.hasField("facetEmbeddings") ? r.get("facetEmbeddings") : null; // absent in older writers
    if (problem != null || parts == null) {
      return problem;
    }
    List<?> vectors = (List<?>) parts;
    if (vectors.size() > TextParts.MAX_ANNOUNCED) {
      return "facetEmbeddings has " + vectors.size() + " vectors (at most " + TextParts.MAX_ANNOUNCED + ")";
    }
    for (int i = 0; i < vectors.size() && problem == null; i++) {
      problem = vectorProblem((List<?>) vectors.get(i));
      problem = problem == null ? null : "facetEmbeddings[" + i + "]: " + problem;
    }
    return problem;
  }

  static String vectorProblem(List<?> vector) {
    if (vector.isEmpty() || vector.size() > MAX_DIMENSION) {
      return "embedding has " + vector.size() + " dimensions (1.." + MAX_DIMENSION + " allowed)";
    }
    double squares = 0;
    for (int i = 0; i < vector.size(); i++) {
      float x = ((Number) vector.get(i)).floatValue();
      if (!Float.isFinite(x)) {
        return "embedding[" + i + "] is " + x;
      }
      squares += (double) x * x;
    }
    double norm = Math.sqrt(squares);
    if (Math.abs(norm - 1) > NORM_TOLERANCE) {
      return String.format(java.util.Locale.ROOT, "embedding is not normalised (norm %.4f)", norm);
    }
    return null;
  }

  private static String finite(String name, Object value, String otherName, Object other) {
    if (value instanceof Number n && !Double.isFinite(n.doubleValue())) {
      return name + " is " + n;
    }
    if (other instanceof Number n && !Double.isFinite(n.doubleValue())) {
      return otherName + " is " + n;
    }
    return null;
  }
}
