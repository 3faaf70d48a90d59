package dev.atmosphere.common.privacy;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * An empirical privacy audit: run a mechanism many times on two neighbouring datasets and bound the privacy loss
 * from below — for every output seen often enough, ln(lower bound of P[out | D] / upper bound of P[out | D'])
 * with Wilson intervals at {@code z} standard errors. A correct ε-DP mechanism keeps this at or below ε (up to the
 * chance the intervals miss, which z = 4 over a few dozen outputs makes negligible); a broken one exceeds it.
 */
final class PrivacyAudit {

  private PrivacyAudit() {}

  /** The largest privacy loss the samples prove, in both directions. */
  static double lossLowerBound(Supplier<String> onD, Supplier<String> onNeighbour, int runs, double z) {
    Map<String, Integer> a = histogram(onD, runs);
    Map<String, Integer> b = histogram(onNeighbour, runs);
    double worst = 0;
    for (String out : a.keySet()) {
      int x = a.get(out);
      int y = b.getOrDefault(out, 0);
      if (x < 50 && y < 50) {
        continue; // too rare to say anything
      }
      worst = Math.max(worst, Math.log(wilson(x, runs, -z) / wilson(y, runs, z)));
      worst = Math.max(worst, Math.log(wilson(y, runs, -z) / wilson(x, runs, z)));
    }
    return worst;
  }

  private static Map<String, Integer> histogram(Supplier<String> mechanism, int runs) {
    Map<String, Integer> counts = new HashMap<>();
    for (int i = 0; i < runs; i++) {
      counts.merge(mechanism.get(), 1, Integer::sum);
    }
    return counts;
  }

  /** Wilson score bound of a proportion k/n: lower for negative z, upper for positive. */
  static double wilson(int k, int n, double z) {
    double p = (double) k / n;
    double centre = p + z * z / (2.0 * n);
    double spread = Math.abs(z) * Math.sqrt(p * (1 - p) / n + z * z / (4.0 * n * n));
    double bound = (centre + Math.signum(z) * spread) / (1 + z * z / n);
    return Math.max(bound, 1e-12);
  }
}
