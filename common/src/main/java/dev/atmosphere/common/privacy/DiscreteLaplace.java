package dev.atmosphere.common.privacy;

import java.util.random.RandomGenerator;

/**
 * The discrete Laplace (two-sided geometric) distribution, P(x) ∝ exp(−|x|/scale) on the integers: the noise of every
 * federated release. Integer outputs leave no low-order floating-point bits to attack (the weakness of textbook
 * floating-point Laplace), and adding it to an integer statistic of sensitivity Δ with scale Δ/ε is ε-differentially
 * private. Sampled as the difference of two geometric variables by inverse transform.
 */
public final class DiscreteLaplace {

  private DiscreteLaplace() {}

  /** One sample of scale {@code scale} (> 0): the noise for sensitivity Δ and privacy ε is scale Δ/ε. */
  public static long sample(double scale, RandomGenerator random) {
    if (!(scale > 0) || Double.isInfinite(scale)) {
      throw new IllegalArgumentException("scale must be a positive finite number, not " + scale);
    }
    return geometric(scale, random) - geometric(scale, random);
  }

  /** Failures before the first success, success probability 1 − exp(−1/scale). */
  private static long geometric(double scale, RandomGenerator random) {
    double u = 1.0 - random.nextDouble(); // (0, 1]
    double g = Math.floor(-Math.log(u) * scale);
    return g >= Long.MAX_VALUE / 4 ? Long.MAX_VALUE / 4 : (long) g;
  }

  /** Variance of the distribution: 2q / (1 − q)² with q = exp(−1/scale). */
  public static double variance(double scale) {
    double q = Math.exp(-1 / scale);
    return 2 * q / ((1 - q) * (1 - q));
  }
}
