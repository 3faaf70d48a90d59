package dev.atmosphere.common.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/**
 * The noise matches theory (mean 0, variance 2q/(1−q)²), each mechanism clamps and scales as declared, and an
 * empirical audit on neighbouring datasets finds no more privacy loss than ε — while the same audit catches a
 * mechanism that adds half the noise it should.
 */
class MechanismsTest {

  private static final int RUNS = 200_000;
  private final RandomGenerator random = new SplittableRandom(20261127);

  @Test
  void shouldHaveMeanZeroAndTheTheoreticalVariance() {
    for (double scale : new double[] {0.5, 1, 4}) {
      double sum = 0;
      double squares = 0;
      for (int i = 0; i < RUNS; i++) {
        long x = DiscreteLaplace.sample(scale, random);
        sum += x;
        squares += (double) x * x;
      }
      double mean = sum / RUNS;
      double variance = squares / RUNS - mean * mean;
      double theory = DiscreteLaplace.variance(scale);
      double meanTolerance = 5 * Math.sqrt(theory / RUNS);

      assertThat(mean).as("mean at scale %s", scale).isCloseTo(0, Offset.offset(meanTolerance));
      assertThat(variance).as("variance at scale %s", scale).isCloseTo(theory, Offset.offset(0.05 * theory));
    }
  }

  @Test
  void shouldClampSumsToTheDeclaredBoundsAndScaleNoiseBySensitivity() {
    Mechanisms.Release r = Mechanisms.sum(List.of(5L, 500L, -7L), 0, 100, 2.0, random);

    assertThat(r.scale()).isEqualTo(50.0);
    double mean = 0;
    for (int i = 0; i < 20_000; i++) {
      mean += Mechanisms.sum(List.of(5L, 500L, -7L), 0, 100, 2.0, random).values()[0] / 20_000.0;
    }
    assertThat(mean).isCloseTo(105, Offset.offset(5.0)); // 5 + 100 (clamped) + 0 (clamped)
    assertThatThrownBy(() -> Mechanisms.count(3, 0, random)).hasMessageContaining("epsilon");
    assertThatThrownBy(() -> Mechanisms.count(3, Double.NaN, random)).hasMessageContaining("epsilon");
  }

  @Test
  void shouldStayWithinEpsilonInAnAuditOfEveryMechanism() {
    double eps = 1.0;
    double count = PrivacyAudit.lossLowerBound(() -> out(Mechanisms.count(10, eps, random)),
        () -> out(Mechanisms.count(11, eps, random)), RUNS, 4);
    double sum = PrivacyAudit.lossLowerBound(() -> out(Mechanisms.sum(List.of(3L, 4L), 0, 5, eps, random)),
        () -> out(Mechanisms.sum(List.of(3L, 4L, 5L), 0, 5, eps, random)), RUNS, 4);
    double histogram = PrivacyAudit.lossLowerBound(() -> out(Mechanisms.histogram(new long[] {4, 2}, eps, random)),
        () -> out(Mechanisms.histogram(new long[] {4, 3}, eps, random)), RUNS, 4);
    double vote = PrivacyAudit.lossLowerBound(() -> out(Mechanisms.vote(0, 2, eps, random)),
        () -> out(Mechanisms.vote(1, 2, eps, random)), RUNS, 4);

    assertThat(count).isLessThanOrEqualTo(eps).isGreaterThan(0.5 * eps); // tight: discrete Laplace meets ε exactly
    assertThat(sum).isLessThanOrEqualTo(eps);
    assertThat(histogram).isLessThanOrEqualTo(eps);
    assertThat(vote).isLessThanOrEqualTo(eps);
  }

  @Test
  void shouldCatchABrokenMechanismThatAddsHalfTheNoise() {
    double eps = 1.0;
    double broken = PrivacyAudit.lossLowerBound(
        () -> Long.toString(10 + DiscreteLaplace.sample(0.5 / eps, random)),
        () -> Long.toString(11 + DiscreteLaplace.sample(0.5 / eps, random)), RUNS, 4);
    double sensitivityIgnored = PrivacyAudit.lossLowerBound(
        () -> Long.toString(3 + DiscreteLaplace.sample(1 / eps, random)), // sum of [3], bound 5, scale 1 not 5
        () -> Long.toString(8 + DiscreteLaplace.sample(1 / eps, random)), RUNS, 4);

    assertThat(broken).isGreaterThan(eps);
    assertThat(sensitivityIgnored).isGreaterThan(eps);
  }

  private static String out(Mechanisms.Release r) {
    return Arrays.toString(r.values());
  }
}
