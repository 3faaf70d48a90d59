package dev.atmosphere.router.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.atmosphere.common.embed.Vectors;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Int8 facets score within the stated error of the floats they came from, and refuse what floats would refuse. */
class FacetsTest {

  private final Random random = new Random(17);

  private float[] unit(int dimension) {
    float[] v = new float[dimension];
    for (int i = 0; i < dimension; i++) {
      v[i] = (float) random.nextGaussian();
    }
    return Vectors.normalize(v);
  }

  @Test
  void shouldDotWithinTheQuantizationErrorOfTheFloats() {
    double worst = 0;
    double squares = 0;
    int n = 0;
    for (int r = 0; r < 200; r++) {
      List<float[]> vectors = List.of(unit(384), unit(384), unit(384));
      Facets facets = Facets.of(vectors);
      float[] q = unit(384);
      for (int f = 0; f < vectors.size(); f++) {
        double error = facets.dot(q, f) - Vectors.dot(q, vectors.get(f));
        worst = Math.max(worst, Math.abs(error));
        squares += error * error;
        n++;
      }
    }

    assertThat(Math.sqrt(squares / n)).as("standard deviation of the error").isLessThan(1e-3);
    assertThat(worst).as("largest error of 600").isLessThan(4e-3);
  }

  @Test
  void shouldDecodeEveryComponentWithinHalfAStep() {
    float[] v = unit(384);
    float largest = 0;
    for (float x : v) {
      largest = Math.max(largest, Math.abs(x));
    }

    float[] decoded = Facets.of(List.of(v)).vectors().get(0);

    for (int i = 0; i < v.length; i++) {
      assertThat(decoded[i]).isCloseTo(v[i], within(largest / 127 / 2 + 1e-7f));
    }
  }

  @Test
  void shouldMakeANonFiniteFacetsSimilarityNonFiniteAndOtherDimensionsZero() {
    float[] broken = unit(384);
    broken[7] = Float.NaN;
    List<float[]> vectors = new ArrayList<>(List.of(unit(384), broken, unit(16), new float[384]));
    Facets facets = Facets.of(vectors);
    float[] q = unit(384);

    assertThat(facets.dot(q, 1)).isNaN();
    assertThat(Scorer.facetSimilarity(q, facets)).as("the row is refused as unusable").isNaN();
    assertThat(facets.dot(q, 2)).as("a facet of another dimension").isZero();
    assertThat(facets.dot(q, 3)).as("a zero vector").isZero();
    assertThat(facets.dot(unit(16), 0)).as("an intent of another dimension").isZero();
    assertThat(Scorer.facetSimilarity(q, Facets.of(List.of()))).as("no facets").isZero();
  }
}
