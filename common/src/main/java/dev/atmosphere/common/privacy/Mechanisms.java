package dev.atmosphere.common.privacy;

import java.util.List;
import java.util.random.RandomGenerator;

/**
 * The federated releases, each ε-differentially private for a node's dataset under add/remove-one-record
 * neighbours, with noise from {@link DiscreteLaplace} at scale sensitivity/ε:
 * <ul>
 *   <li>count — sensitivity 1;
 *   <li>bounded sum — values clamped to [lower, upper] (integers in the query's unit), sensitivity max(|lower|, |upper|);
 *   <li>mean — a bounded sum and a count, ε split evenly (sequential composition); the mean is their ratio, taken
 *       by the aggregator (post-processing costs no privacy);
 *   <li>histogram over declared categories — each record in at most one category, sensitivity 1 per release of all
 *       bins (L1); answers outside the categories are dropped, never revealed;
 *   <li>vote — a node's one answer as a one-hot vector; a change of one record can move it from one category to
 *       another, L1 sensitivity 2. The aggregator's arg-max over the summed noisy votes is a report-noisy-max.
 * </ul>
 */
public final class Mechanisms {

  private Mechanisms() {}

  /** A noisy release: the values and the scale of the noise added to each. */
  public record Release(long[] values, double scale) {}

  public static Release count(long count, double epsilon, RandomGenerator random) {
    double scale = 1 / positive(epsilon);
    return new Release(new long[] {Math.max(0, count) + DiscreteLaplace.sample(scale, random)}, scale);
  }

  public static Release sum(List<Long> values, long lower, long upper, double epsilon, RandomGenerator random) {
    if (lower > upper) {
      throw new IllegalArgumentException("lower bound " + lower + " is above upper bound " + upper);
    }
    long sum = 0;
    for (long v : values) {
      sum += Math.max(lower, Math.min(upper, v));
    }
    double scale = Math.max(1, Math.max(Math.abs(lower), Math.abs(upper))) / positive(epsilon);
    return new Release(new long[] {sum + DiscreteLaplace.sample(scale, random)}, scale);
  }

  /** [noisy sum, noisy count], each with half of ε; scale is the sum's (the count's is 2/ε). */
  public static Release mean(List<Long> values, long lower, long upper, double epsilon, RandomGenerator random) {
    Release sum = sum(values, lower, upper, epsilon / 2, random);
    Release count = count(values.size(), epsilon / 2, random);
    return new Release(new long[] {sum.values()[0], count.values()[0]}, sum.scale());
  }

  /** @param bins the true count of each declared category */
  public static Release histogram(long[] bins, double epsilon, RandomGenerator random) {
    double scale = 1 / positive(epsilon);
    long[] out = new long[bins.length];
    for (int i = 0; i < bins.length; i++) {
      out[i] = Math.max(0, bins[i]) + DiscreteLaplace.sample(scale, random);
    }
    return new Release(out, scale);
  }

  /** @param choice index of the node's answer among {@code categories} categories, or −1 for none of them */
  public static Release vote(int choice, int categories, double epsilon, RandomGenerator random) {
    double scale = 2 / positive(epsilon);
    long[] out = new long[categories];
    for (int i = 0; i < categories; i++) {
      out[i] = (i == choice ? 1 : 0) + DiscreteLaplace.sample(scale, random);
    }
    return new Release(out, scale);
  }

  private static double positive(double epsilon) {
    if (!(epsilon > 0) || Double.isInfinite(epsilon)) {
      throw new IllegalArgumentException("epsilon must be a positive finite number, not " + epsilon);
    }
    return epsilon;
  }
}
