package dev.atmosphere.router.feedback;

import dev.atmosphere.common.embed.Vectors;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A nearest-neighbour layer over labeled intents — routes users marked good or corrected, and pins: an intent close
 * to earlier intents whose right capability is known leans towards that capability. Each of the {@code k} nearest
 * examples at least {@code minSimilarity} close adds {@code weight × similarity / k} to its capability's similarity
 * (a wrong mark subtracts it); an example that is the same question again (similarity ≥ {@value #SAME_QUESTION})
 * adds its whole similarity, so a person who corrected a route does not see the same question go wrong again. Simple on purpose: recent studies find kNN over examples matches far more complex
 * learned routers. Immutable; the router rebuilds it when feedback arrives.
 */
public final class Examples {

  /** One labeled intent: its embedding, the capability, and +1 (right) or −1 (wrong). */
  public record Example(float[] vector, String capabilityId, int verdict) {}

  static final double SAME_QUESTION = 0.9;

  public static final Examples NONE = new Examples(List.of(), 5, 0.5, 0.5);

  private final List<Example> examples;
  private final int k;
  private final double minSimilarity;
  private final double weight;

  public Examples(List<Example> examples, int k, double minSimilarity, double weight) {
    this.examples = List.copyOf(examples);
    this.k = k;
    this.minSimilarity = minSimilarity;
    this.weight = weight;
  }

  public boolean isEmpty() {
    return examples.isEmpty();
  }

  public int size() {
    return examples.size();
  }

  /** The similarity bonus of every capability the nearest examples name (absent = 0). */
  public Map<String, Double> bonus(float[] intent) {
    if (examples.isEmpty() || intent == null) {
      return Map.of();
    }
    List<double[]> near = new ArrayList<>(); // [index, similarity]
    for (int i = 0; i < examples.size(); i++) {
      double s = Vectors.dot(intent, examples.get(i).vector());
      if (s >= minSimilarity) {
        near.add(new double[] {i, s});
      }
    }
    near.sort(Comparator.comparingDouble((double[] a) -> a[1]).reversed());
    Map<String, Double> out = new HashMap<>();
    for (double[] n : near.subList(0, Math.min(k, near.size()))) {
      Example e = examples.get((int) n[0]);
      double say = n[1] >= SAME_QUESTION ? n[1] : weight * n[1] / k; // the same question again: the word counts fully
      out.merge(e.capabilityId(), e.verdict() * say, Double::sum);
    }
    return out;
  }
}
