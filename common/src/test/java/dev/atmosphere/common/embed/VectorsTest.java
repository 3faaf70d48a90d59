package dev.atmosphere.common.embed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The dot product agrees with a single-sum loop to double rounding and the fast one with it to float rounding, at every
 * length (including the remainder), on the vector unit and without it.
 */
class VectorsTest {

  @Test
  void shouldAgreeWithTheExactDotProductToFloatRounding() {
    Random random = new Random(3);
    for (int length : new int[] {1, 7, 8, 9, 15, 16, 17, 31, 33, 383, 384, 1024}) {
      for (int n = 0; n < 50; n++) {
        float[] a = new float[length];
        float[] b = new float[length];
        for (int i = 0; i < length; i++) {
          a[i] = (float) random.nextGaussian();
          b[i] = (float) random.nextGaussian();
        }
        a = Vectors.normalize(a);
        b = Vectors.normalize(b);
        assertThat(Vectors.fastDot(a, b)).as("length %d", length).isCloseTo(Vectors.dot(a, b), within(1e-5));
        assertThat(Vectors.fastDot(a, a)).isCloseTo(1.0, within(1e-5));
        double single = 0; // the plain one-sum loop the four-sum dot replaced
        for (int i = 0; i < length; i++) {
          single += a[i] * b[i];
        }
        assertThat(Vectors.dot(a, b)).as("length %d", length).isCloseTo(single, within(1e-12));
        assertThat(Vectors.scalarDot(a, b)).as("without the vector API").isCloseTo(single, within(1e-12));
        assertThat(Vectors.scalarFastDot(a, b)).as("without the vector API").isCloseTo(single, within(1e-5));
      }
    }
    assertThat(Vectors.SIMD).as("the test JVMs run with --add-modules jdk.incubator.vector, as ./atmosphere up does")
        .isTrue();
    assertThat(Vectors.fastDot(new float[3], new float[4])).as("lengths differ").isZero();
  }

  @Test
  void shouldDotByteCodesAsASingleSumDoesOnTheVectorUnitAndWithout() {
    Random random = new Random(5);
    for (int length : new int[] {1, 7, 8, 9, 15, 16, 17, 31, 33, 383, 384, 1024}) {
      float[] q = new float[length];
      byte[] codes = new byte[length + 3];
      random.nextBytes(codes);
      for (int i = 0; i < length; i++) {
        q[i] = (float) random.nextGaussian();
      }
      double single = 0;
      for (int i = 0; i < length; i++) {
        single += q[i] * codes[3 + i];
      }
      double tolerance = 1e-5 * Math.max(1, Math.abs(single)) * Math.sqrt(length);
      assertThat(Vectors.codesDot(q, codes, 3)).as("length %d, from an offset", length)
          .isCloseTo(single, within(tolerance));
      assertThat(Vectors.scalarCodesDot(q, codes, 3)).as("without the vector API").isCloseTo(single, within(tolerance));
    }
    assertThat(Vectors.codesDot(new float[8], new byte[10], 3)).as("codes too short").isZero();
  }
}
