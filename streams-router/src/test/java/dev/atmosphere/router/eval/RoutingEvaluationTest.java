package dev.atmosphere.router.eval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atmosphere.common.embed.MiniLmEmbedder;
import dev.atmosphere.router.scoring.Scorer;
import dev.atmosphere.router.scoring.ScoringPolicy;
import org.junit.jupiter.api.Test;

class RoutingEvaluationTest {

  @Test
  void shouldPickTheLabeledCapabilityForMostIntentsWithTheCalibratedThreshold() {
    RoutingEvaluation.Report report =
        RoutingEvaluation.run(new MiniLmEmbedder(), new Scorer(ScoringPolicy.defaults()));

    System.out.printf("routing eval: top-1 %.3f over %d intents; recall at threshold %.2f: %.3f; misses %s%n",
        report.accuracy(), report.cases().size(), ScoringPolicy.DEFAULT_RELEVANCE_THRESHOLD,
        report.recallAt(ScoringPolicy.DEFAULT_RELEVANCE_THRESHOLD), report.misses());
    assertThat(report.cases()).hasSizeGreaterThanOrEqualTo(40);
    assertThat(report.accuracy()).isGreaterThanOrEqualTo(0.85);
    assertThat(report.recallAt(ScoringPolicy.DEFAULT_RELEVANCE_THRESHOLD)).isGreaterThanOrEqualTo(0.95);
  }

  @Test
  void shouldRouteNothingWithTheDesignsLiteralThresholdOnThisModel() {
    RoutingEvaluation.Report report =
        RoutingEvaluation.run(new MiniLmEmbedder(), new Scorer(ScoringPolicy.withThreshold(0.7)));

    assertThat(report.cases()).filteredOn(c -> c.chosen() != null).hasSizeLessThan(report.cases().size() / 10);
  }
}
