package dev.atmosphere.ops.bench;

import dev.atmosphere.common.embed.CachingEmbedder;
import dev.atmosphere.common.embed.Embedder;
import dev.atmosphere.common.embed.MiniLmEmbedder;
import dev.atmosphere.router.eval.RoutingEvaluation;
import dev.atmosphere.router.scoring.Scorer;
import dev.atmosphere.router.scoring.ScoringPolicy;
import java.io.PrintWriter;
import java.nio.file.Path;

/**
 * The benchmark harness behind {@code ./atmosphere bench}: figures printed, not asserted (these machines are
 * noisy; compare ratios within one run).
 */
public final class Benchmarks {

  private Benchmarks() {}

  public static void run(PrintWriter out, Path home, Path workDir, Embedder embedder, int rate, int seconds) {
    out.println("atmosphere benchmarks (" + Runtime.getRuntime().availableProcessors() + " cores, "
        + Runtime.version() + ")");
    RoutingEvaluation.Report report = RoutingEvaluation.run(embedder, new Scorer(ScoringPolicy.defaults()));
    out.printf("routing accuracy: top-1 %.1f%% over %d labeled intents (%d misses)%n", report.accuracy() * 100,
        report.cases().size(), report.misses().size());
    report.misses().forEach(m -> out.printf("  miss: \"%s\" → %s (expected %s)%n", m.text(), m.chosen(), m.expected()));
    ScoringBench.run(out, new int[] {1_000, 10_000, 100_000}, 42);
    LoadBalancingBench.run(out, 42, 20_000);
    EmbeddingBench.run(out, embedder instanceof CachingEmbedder ? new MiniLmEmbedder() : embedder, 500);
    PipelineLatencyBench.run(out, home, workDir, embedder, rate, seconds);
    try {
      GatewayOverheadBench.run(out, home, workDir, embedder, 200);
    } catch (Exception e) {
      out.println("gateway overhead: could not run: " + e);
    }
  }
}
