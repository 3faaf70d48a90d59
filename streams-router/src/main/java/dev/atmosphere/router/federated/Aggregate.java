package dev.atmosphere.router.federated;

import dev.atmosphere.common.privacy.DiscreteLaplace;
import dev.atmosphere.schemas.FederatedAggregation;
import dev.atmosphere.schemas.FederatedPart;
import dev.atmosphere.schemas.FederatedSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * Combines the nodes' noised releases — post-processing, which costs no privacy. Totals add up; their noise
 * variances add up too, giving a 95 % interval from the noise alone (exact for one node's discrete Laplace, the
 * normal approximation for several). A mean is total sum over total count (delta-method interval); a vote's winner
 * is the arg-max of the summed noisy votes (report-noisy-max); histogram bins below their own noise level are
 * reported as 0.
 */
public final class Aggregate {

  /** The combined values, their 95 % half-widths, and the winning category (VOTE/HISTOGRAM). */
  public record Combined(List<Double> values, List<Double> halfWidth95, String winner) {}

  private Aggregate() {}

  public static Combined of(FederatedSpec spec, List<FederatedPart> parts) {
    List<FederatedPart> ok = parts.stream().filter(FederatedPart::getOk).toList();
    int width = switch (spec.getAggregation()) {
      case COUNT, SUM -> 1;
      case MEAN -> 2;
      case HISTOGRAM, VOTE -> spec.getCategories().size();
    };
    double[] total = new double[width];
    double[] variance = new double[width];
    for (FederatedPart p : ok) {
      for (int i = 0; i < width && i < p.getValues().size(); i++) {
        total[i] += p.getValues().get(i);
        double scale = spec.getAggregation() == FederatedAggregation.MEAN && i == 1 ? 2 / spec.getEpsilon()
            : p.getScale();
        variance[i] += DiscreteLaplace.variance(scale);
      }
    }
    if (spec.getAggregation() == FederatedAggregation.MEAN) {
      double count = Math.max(1, total[1]);
      double mean = total[0] / count;
      double sd = Math.sqrt(variance[0] + mean * mean * variance[1]) / count;
      return new Combined(List.of(mean), List.of(1.96 * sd), null);
    }
    List<Double> values = new ArrayList<>();
    List<Double> half = new ArrayList<>();
    for (int i = 0; i < width; i++) {
      double h = halfWidth(variance[i], ok.size(), ok.isEmpty() ? 1 : ok.get(0).getScale());
      boolean histogram = spec.getAggregation() == FederatedAggregation.HISTOGRAM;
      values.add(histogram && total[i] < h ? 0.0 : total[i]);
      half.add(h);
    }
    String winner = null;
    if (width > 0 && (spec.getAggregation() == FederatedAggregation.VOTE
        || spec.getAggregation() == FederatedAggregation.HISTOGRAM)) {
      int best = 0;
      for (int i = 1; i < width; i++) {
        best = total[i] > total[best] ? i : best;
      }
      winner = ok.isEmpty() ? null : spec.getCategories().get(best);
    }
    return new Combined(values, half, winner);
  }

  /** One node: the exact 95 % quantile of |discrete Laplace|; several: 1.96 standard deviations of the sum. */
  private static double halfWidth(double variance, int nodes, double scale) {
    if (nodes == 1) {
      double q = Math.exp(-1 / scale); // P(|X| > k) = 2 q^(k+1) / (1 + q) <= 0.05
      return Math.max(0, Math.ceil(Math.log(0.05 * (1 + q) / 2) / Math.log(q)) - 1);
    }
    return 1.96 * Math.sqrt(variance);
  }
}
