package dev.atmosphere.bench;

import java.util.Arrays;

/** Percentiles of a sample, for benchmark figures. */
final class Stats {

  private Stats() {}

  static double percentile(double[] values, double p) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }
}
