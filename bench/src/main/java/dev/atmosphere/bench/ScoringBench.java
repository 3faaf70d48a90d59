package dev.atmosphere.bench;

import dev.atmosphere.router.scoring.Candidate;
import dev.atmosphere.router.scoring.Scorer;
import dev.atmosphere.router.scoring.ScoringPolicy;
import dev.atmosphere.schemas.CapabilityAnnouncement;
import dev.atmosphere.schemas.CapabilityConstraints;
import dev.atmosphere.schemas.CapabilityMetadata;
import dev.atmosphere.schemas.CapabilityResources;
import dev.atmosphere.schemas.CapabilityType;
import dev.atmosphere.schemas.Intent;
import dev.atmosphere.schemas.IntentConstraints;
import dev.atmosphere.schemas.IntentKind;
import dev.atmosphere.schemas.NodeMode;
import dev.atmosphere.schemas.NodeStatus;
import dev.atmosphere.schemas.Provider;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Route scoring time per intent over synthetic gradient tables of growing size (6 facets each, clustered about 200
 * topics): an exact scan up to 2,048 rows, a sketch shortlist beyond, with how often it agrees with an exact scan.
 */
final class ScoringBench {

  private static final int FACETS = 6;
  private static final int DIM = 384;
  private static final int TOPICS = 200;
  private static final int QUERIES = 50;
  /**
   * Warm-up per table size: on 2 cores the JIT still compiles the scan (and the rest of the bench) for seconds, and
   * the p99 of the first size measured that too (0.5–1.4 ms at 1k in five runs of one build with 3 s).
   */
  private static final java.time.Duration WARM_UP =
      java.time.Duration.ofSeconds(Long.getLong("atmosphere.bench.scoring.warmup.seconds", 10));

  private ScoringBench() {}

  static void run(PrintWriter out, int[] sizes, long seed) {
    Random random = new Random(seed);
    Instant now = Instant.parse("2026-11-24T10:00:00Z");
    Scorer scorer = new Scorer(ScoringPolicy.defaults());
    Intent intent = Intent.newBuilder().setIntentId("bench").setKind(IntentKind.CHAT).setText("summarise a contract")
        .setConstraints(IntentConstraints.newBuilder().build()).setCreatedAt(now).build();
    float[][] topics = new float[TOPICS][];
    for (int t = 0; t < TOPICS; t++) {
      topics[t] = unit(random);
    }
    float[][] queries = new float[QUERIES][];
    for (int q = 0; q < QUERIES; q++) {
      queries[q] = near(topics[random.nextInt(TOPICS)], 1.0, random);
    }
    double base = 0;
    for (int size : sizes) {
      List<Candidate> table = table(size, topics, random, now);
      int reps = Math.max(QUERIES, Math.min(5_000, 5_000_000 / size));
      long warmUntil = System.nanoTime() + WARM_UP.toNanos(); // the vector API runs slowly until C2 has compiled it
      for (int i = 0; System.nanoTime() < warmUntil; i++) {
        scorer.score(intent, queries[i % QUERIES], table, now);
      }
      long[] took = new long[reps];
      for (int i = 0; i < reps; i++) {
        long start = System.nanoTime();
        scorer.score(intent, queries[i % QUERIES], table, now);
        took[i] = System.nanoTime() - start;
      }
      java.util.Arrays.sort(took);
      double p50 = took[reps / 2] / 1e6;
      double p99 = took[Math.min(reps - 1, (int) Math.ceil(reps * 0.99) - 1)] / 1e6;
      if (base == 0) {
        base = p50 / size;
      }
      String agreement = size > 2_048 ? agreement(scorer, intent, queries, table, now) : "exact scan";
      double heapMb = heapAfterGcMb();
      out.printf("scoring  %,7d capabilities: p50 %8.3f ms, p99 %8.3f ms per intent (%.2f µs per capability, x%.2f of "
          + "the smallest table per capability); %s; heap after GC with the table %.0f MB (%.1f KB per capability)%n",
          size, p50, p99, p50 * 1000 / size, (p50 / size) / base, agreement, heapMb, heapMb * 1024 / size);
      out.flush();
    }
  }

  /** The live heap (the table being measured and the bench's own objects), after a full collection. */
  private static double heapAfterGcMb() {
    System.gc();
    return java.lang.management.ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / 1e6;
  }

  /** How often the sketch shortlist picks what scoring every row exactly picks (rows without sketches). */
  private static String agreement(Scorer scorer, Intent intent, float[][] queries, List<Candidate> table, Instant now) {
    List<Candidate> exact = table.stream().map(Candidate::withoutSketch).toList();
    int same = 0;
    double worst = 1;
    for (float[] q : queries) {
      var fast = scorer.score(intent, q, table, now).get(0);
      var full = scorer.score(intent, q, exact, now).get(0);
      same += fast.capabilityId().equals(full.capabilityId()) ? 1 : 0;
      worst = Math.min(worst, fast.total() / full.total());
    }
    return String.format("best row the same as an exact scan for %d of %d intents (the others' score at least %.1f %% "
        + "of the best)", same, queries.length, 100 * worst);
  }

  /** Capabilities about {@value #TOPICS} topics (facets near their topic, as real descriptions cluster). */
  private static List<Candidate> table(int size, float[][] topics, Random random, Instant now) {
    NodeStatus status = NodeStatus.newBuilder().setNodeId("n").setMode(NodeMode.PARTICIPANT).setLoad(0.5)
        .setQueueDepth(0).setInFlight(0).setMaxConcurrent(4).setWorkTopic("w").setReportedAt(now)
        .setExpiresAt(now.plusSeconds(60)).setSequence(1).build();
    List<Candidate> out = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      CapabilityAnnouncement cap = CapabilityAnnouncement.newBuilder().setCapabilityId("cap-" + i).setNodeId("n" + (i % 50))
          .setType(CapabilityType.LLM).setName("c" + i).setDescription("synthetic capability " + i)
          .setMetadata(CapabilityMetadata.newBuilder().setProvider(Provider.OLLAMA).setTarget("m").setExtra(Map.of())
              .build())
          .setResources(CapabilityResources.newBuilder().build()).setConstraints(CapabilityConstraints.newBuilder()
              .build()).setAnnouncedAt(now).setSequence(1).build();
      List<float[]> facets = new ArrayList<>(FACETS);
      float[] topic = topics[random.nextInt(topics.length)];
      for (int f = 0; f < FACETS; f++) {
        facets.add(near(topic, 1.2, random));
      }
      out.add(Candidate.indexed(cap, facets).withStatus(status)); // as the router's gradient index keeps rows
    }
    return Candidate.packed(out); // as the router's gradient index keeps its rows
  }

  /** A unit vector around {@code centre}: {@code spread} × a random unit vector added (1.0: cosine about 0.7). */
  private static float[] near(float[] centre, double spread, Random random) {
    float[] noise = unit(random);
    float[] v = new float[DIM];
    for (int i = 0; i < DIM; i++) {
      v[i] = centre[i] + (float) spread * noise[i];
    }
    return dev.atmosphere.common.embed.Vectors.normalize(v);
  }

  private static float[] unit(Random random) {
    float[] v = new float[DIM];
    double norm = 0;
    for (int i = 0; i < DIM; i++) {
      v[i] = (float) random.nextGaussian();
      norm += v[i] * v[i];
    }
    for (int i = 0; i < DIM; i++) {
      v[i] /= (float) Math.sqrt(norm);
    }
    return v;
  }
}
