package dev.atmosphere.bench;

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

  /** Every section, or those named in {@code only} (routing, scoring, lb, embedding, scaling, pipeline, gateway, embeddings (only by name), cache, cache-lookup, prefetch, affinity, batch, migration, sites; chaos only by name). */
  public static void run(PrintWriter out, Path home, Path workDir, Embedder embedder, int rate, int seconds,
      java.util.Set<String> only) {
    java.util.function.Predicate<String> on = name -> only.isEmpty() || only.contains(name);
    out.println("atmosphere benchmarks (" + Runtime.getRuntime().availableProcessors() + " cores, "
        + Runtime.version() + ")");
    if (on.test("routing")) {
      RoutingEvaluation.Report report = RoutingEvaluation.run(embedder, new Scorer(ScoringPolicy.defaults()));
      out.printf("routing accuracy: top-1 %.1f%% over %d labeled intents (%d misses)%n", report.accuracy() * 100,
          report.cases().size(), report.misses().size());
      report.misses().forEach(m -> out.printf("  miss: \"%s\" → %s (expected %s)%n", m.text(), m.chosen(),
          m.expected()));
      PublicEvalReport.print(out, embedder);
    }
    if (on.test("scoring")) {
      ScoringBench.run(out, new int[] {1_000, 10_000, 100_000}, 42);
      GradientTableBench.run(out, new int[] {1_000, 10_000});
    }
    if (on.test("lb")) {
      LoadBalancingBench.run(out, 42, 20_000);
    }
    if (on.test("embedding")) {
      EmbeddingBench.run(out, embedder instanceof CachingEmbedder ? new MiniLmEmbedder() : embedder, 500);
    }
    if (on.test("scaling")) {
      ScalingBench.run(out);
    }
    if (on.test("cache")) {
      CacheBench.run(out, embedder, home.resolve("../shared/data/paraphrase").normalize(), 1000);
    }
    if (on.test("cache-lookup")) {
      CacheLookupBench.run(out, new int[] {1_000, 10_000, 20_000, 100_000}, 50);
    }
    if (on.test("pipeline")) {
      PipelineLatencyBench.run(out, home, workDir, embedder, rate, seconds);
    }
    if (on.test("migration")) {
      try {
        MigrationBench.run(out, workDir, 256);
      } catch (Exception e) {
        out.println("model transfer: could not run: " + e);
      }
    }
    if (on.test("gateway")) {
      try {
        GatewayOverheadBench.run(out, home, workDir, embedder, 200);
      } catch (Exception e) {
        out.println("gateway overhead: could not run: " + e);
      }
    }
    if (only.contains("embeddings")) { // the gateway section runs it too
      try {
        GatewayOverheadBench.embeddings(out, home, workDir, embedder, 10);
      } catch (Exception e) {
        out.println("embeddings: could not run: " + e);
      }
    }
    if (on.test("sites")) {
      try {
        SiteBench.run(out, home, workDir, embedder, 30);
      } catch (Exception e) {
        out.println("sites: could not run: " + e);
      }
    }
    if (only.contains("chaos")) { // minutes long: only when asked for by name
      try {
        ChaosBench.run(out, home, workDir, embedder, Math.max(rate, 1),
            java.time.Duration.ofSeconds(Math.max(seconds, 120))); // a fault every minute needs minutes
      } catch (Exception e) {
        out.println("chaos: could not run: " + e);
      }
    }
    if (on.test("prefetch")) {
      try {
        PrefetchBench.run(out, home, workDir, embedder, java.time.Duration.ofMillis(300));
      } catch (Exception e) {
        out.println("prefetch: could not run: " + e);
      }
    }
    if (on.test("affinity")) {
      try {
        AffinityBench.run(out, home, workDir, embedder, java.time.Duration.ofMillis(100));
      } catch (Exception e) {
        out.println("affinity: could not run: " + e);
      }
    }
    if (on.test("batch")) {
      try {
        BatchBench.run(out, home, workDir, embedder, 1000, java.time.Duration.ofMillis(100));
      } catch (Exception e) {
        out.println("batch speed-up: could not run: " + e);
      }
    }
  }
}
