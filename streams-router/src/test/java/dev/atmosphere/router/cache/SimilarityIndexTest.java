package dev.atmosphere.router.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atmosphere.common.embed.Vectors;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The cache's similarity index against a full scan: after inserts, updates and removals it returns only entries that
 * truly clear the threshold, never a removed one, and finds at least 99 % of those a scan finds — also on a generated
 * set of 100,000 vectors at the configured tables and bits.
 */
class SimilarityIndexTest {

  private static final int DIMENSION = 384;
  private final Random random = new Random(7);

  private float[] randomUnit() {
    float[] v = new float[DIMENSION];
    for (int i = 0; i < DIMENSION; i++) {
      v[i] = (float) random.nextGaussian();
    }
    return Vectors.normalize(v);
  }

  /** A unit vector at about cosine {@code c} to {@code v}. */
  private float[] near(float[] v, double c) {
    float[] noise = randomUnit();
    float[] q = new float[DIMENSION];
    for (int i = 0; i < DIMENSION; i++) {
      q[i] = (float) (c * v[i] + Math.sqrt(1 - c * c) * noise[i]);
    }
    return Vectors.normalize(q);
  }

  @Test
  void shouldReturnWhatAFullScanReturnsAfterInsertsUpdatesAndRemovals() {
    SimilarityIndex<String> index = new SimilarityIndex<>();
    Map<String, float[]> live = new HashMap<>();
    float[][] topics = new float[100][];
    for (int t = 0; t < topics.length; t++) {
      topics[t] = randomUnit();
    }
    for (int i = 0; i < 5_000; i++) { // clustered, like questions on a few topics
      float[] v = near(topics[i % topics.length], 0.8);
      index.put("k" + i, v, "k" + i);
      live.put("k" + i, v);
    }
    for (int i = 0; i < 500; i++) {
      float[] v = near(topics[random.nextInt(topics.length)], 0.8);
      index.put("k" + i, v, "k" + i); // updated: its old vector must not be found any more
      live.put("k" + i, v);
      index.remove("k" + (4_000 + i));
      live.remove("k" + (4_000 + i));
    }
    int expected = 0;
    int found = 0;
    for (int q = 0; q < 300; q++) {
      float[] source = live.get("k" + random.nextInt(4_000));
      float[] query = near(source, 0.86 + random.nextDouble() * 0.13);
      Set<String> truth = live.entrySet().stream().filter(e -> Vectors.dot(query, e.getValue()) >= 0.85)
          .map(Map.Entry::getKey).collect(Collectors.toSet());
      Set<String> got = index.near(query, 0.85).stream().map(SimilarityIndex.Near::value).collect(Collectors.toSet());

      assertThat(truth).as("each found entry clears the threshold and is live").containsAll(got);
      expected += truth.size();
      found += got.size();
    }
    assertThat(index.size()).isEqualTo(live.size());
    assertThat((double) found / expected).as("recall of %d entries above 0.85", expected).isGreaterThanOrEqualTo(0.99);
  }

  @Test
  void shouldFindNinetyNinePercentOfCloseVectorsAmongAHundredThousand() {
    SimilarityIndex<Integer> index = new SimilarityIndex<>();
    float[][] stored = new float[100_000][];
    for (int i = 0; i < stored.length; i++) {
      stored[i] = randomUnit();
      index.put("k" + i, stored[i], i);
    }
    int queries = 0;
    int found = 0;
    while (queries < 2_000) {
      int source = random.nextInt(stored.length);
      float[] query = near(stored[source], 0.85 + random.nextDouble() * 0.14);
      if (Vectors.dot(query, stored[source]) < 0.85) {
        continue; // the noise landed it just below the threshold: not a vector the index must find
      }
      queries++;
      if (index.near(query, 0.85).stream().anyMatch(n -> n.value() == source)) {
        found++;
      }
    }
    assertThat((double) found / queries).as("recall at cosine 0.85–0.99, %d of %d", found, queries)
        .isGreaterThanOrEqualTo(0.99);
  }
}
