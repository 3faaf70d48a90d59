package dev.atmosphere.bench;

import dev.atmosphere.common.embed.Embedder;
import dev.atmosphere.bench.eval.PublicRoutingEval;
import dev.atmosphere.router.RoutePlanner;
import dev.atmosphere.router.feedback.Examples;
import dev.atmosphere.router.scoring.Scorer;
import dev.atmosphere.router.scoring.ScoringPolicy;
import dev.atmosphere.schemas.topics.Topics;
import java.io.PrintWriter;
import java.util.List;
import java.util.function.Supplier;

/** Prints the public routing evaluation: both splits, with and without learning from the tune split, and the baseline. */
final class PublicEvalReport {

  private PublicEvalReport() {}

  static void print(PrintWriter out, Embedder embedder) {
    java.util.function.Function<Supplier<Examples>, RoutePlanner> planner = examples ->
        new RoutePlanner(Topics.defaults(), new Scorer(ScoringPolicy.defaults(), examples), embedder, 20, 0.05);
    List<PublicRoutingEval.Case> plain = PublicRoutingEval.run(embedder, planner.apply(() -> Examples.NONE));
    List<PublicRoutingEval.Case> learned = PublicRoutingEval.withTuneFeedback(embedder, planner);
    List<PublicRoutingEval.Case> cosine = PublicRoutingEval.plainCosine(embedder);
    out.println("public routing evaluation (330 intents, 17 capabilities; TEST split never tuned on):");
    line(out, "router", PublicRoutingEval.tune(plain), PublicRoutingEval.test(plain));
    line(out, "router + tune split as feedback", null, PublicRoutingEval.test(learned));
    line(out, "plain cosine (baseline)", PublicRoutingEval.tune(cosine), PublicRoutingEval.test(cosine));
    PublicRoutingEval.test(plain).confusions().entrySet().stream().limit(8)
        .forEach(e -> out.printf("  test confusion: %d × %s%n", e.getValue(), e.getKey()));
    PublicRoutingEval.test(plain).cases().stream().filter(c -> !c.correct())
        .forEach(c -> out.printf("  test miss: \"%s\" → %s (expected %s)%n", c.text(), c.chosen(), c.expected()));
  }

  private static void line(PrintWriter out, String name, PublicRoutingEval.Split tune, PublicRoutingEval.Split test) {
    double[] ci = test.interval();
    out.printf("  %-34s %s test %.1f%% [95%% %.1f–%.1f], NO_ROUTE %d%n", name,
        tune == null ? "" : String.format(java.util.Locale.ROOT, "tune %.1f%%,", tune.accuracy() * 100),
        test.accuracy() * 100, ci[0] * 100, ci[1] * 100, test.noRoute());
  }
}
