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

/** Route scoring time per intent over synthetic gradient tables of growing size (linear scan, 6 facets each). */
final class ScoringBench {

  private static final int FACETS = 6;
  private static final int DIM = 384;

  private ScoringBench() {}

  static void run(PrintWriter out, int[] sizes, long seed) {
    Random random = new Random(seed);
    Instant now = Instant.parse("2026-11-24T10:00:00Z");
    Scorer scorer = new Scorer(ScoringPolicy.defaults());
    Intent intent = Intent.newBuilder().setIntentId("bench").setKind(IntentKind.CHAT).setText("summarise a contract")
        .setConstraints(IntentConstraints.newBuilder().build()).setCreatedAt(now).build();
    float[] query = unit(random);
    double base = 0;
    for (int size : sizes) {
      List<Candidate> table = table(size, random, now);
      int reps = Math.max(3, 200_000 / size);
      for (int i = 0; i < Math.min(reps, 5); i++) {
        scorer.score(intent, query, table, now); // warm-up
      }
      long start = System.nanoTime();
      for (int i = 0; i < reps; i++) {
        scorer.score(intent, query, table, now);
      }
      double ms = (System.nanoTime() - start) / 1e6 / reps;
      if (base == 0) {
        base = ms / size;
      }
      out.printf("scoring  %,7d capabilities: %8.3f ms per intent (%.2f µs per capability, x%.2f of the smallest table per capability)%n",
          size, ms, ms * 1000 / size, (ms / size) / base);
      out.flush();
    }
  }

  private static List<Candidate> table(int size, Random random, Instant now) {
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
      for (int f = 0; f < FACETS; f++) {
        facets.add(unit(random));
      }
      out.add(new Candidate(cap, status, facets));
    }
    return out;
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
