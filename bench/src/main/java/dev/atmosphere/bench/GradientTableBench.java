package dev.atmosphere.bench;

import dev.atmosphere.common.embed.CachingEmbedder;
import dev.atmosphere.common.embed.Embedder;
import dev.atmosphere.common.embed.Vectors;
import dev.atmosphere.router.RoutePlanner;
import dev.atmosphere.router.scoring.Candidate;
import dev.atmosphere.router.scoring.Scorer;
import dev.atmosphere.router.scoring.ScoringPolicy;
import dev.atmosphere.schemas.CapabilityAnnouncement;
import dev.atmosphere.schemas.CapabilityConstraints;
import dev.atmosphere.schemas.CapabilityMetadata;
import dev.atmosphere.schemas.CapabilityResources;
import dev.atmosphere.schemas.CapabilityType;
import dev.atmosphere.schemas.NodeMode;
import dev.atmosphere.schemas.NodeStatus;
import dev.atmosphere.schemas.Provider;
import dev.atmosphere.schemas.serde.AvroSerdes;
import dev.atmosphere.schemas.serde.InMemorySchemaRegistryClient;
import dev.atmosphere.schemas.topics.Topics;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * What building the gradient table costs per intent: as it was (decode every announcement from the store's bytes,
 * split its facets, look each facet up in the shared embedding cache) versus the index kept since (decoded and
 * embedded once per announcement; per intent only the heartbeat is attached). A cheap hash embedder stands in for
 * MiniLM so the figure is the table's own cost; with MiniLM, facets past the cache's 50k entries are re-embedded.
 */
final class GradientTableBench {

  private GradientTableBench() {}

  /** Fast stand-in embedder: a seeded random unit vector per text. */
  static final class HashEmbedder implements Embedder {
    @Override
    public float[] embed(String text) {
      Random r = new Random(text.hashCode());
      float[] v = new float[384];
      for (int i = 0; i < v.length; i++) {
        v[i] = (float) r.nextGaussian();
      }
      return Vectors.normalize(v);
    }

    @Override
    public int dimension() {
      return 384;
    }

    @Override
    public String modelId() {
      return "hash";
    }
  }

  static void run(PrintWriter out, int[] sizes) {
    Instant now = Instant.parse("2026-11-27T10:00:00Z");
    AvroSerdes serdes = new AvroSerdes(new InMemorySchemaRegistryClient());
    Embedder embedder = new CachingEmbedder(new HashEmbedder(), 50_000);
    RoutePlanner planner = new RoutePlanner(Topics.defaults(), new Scorer(ScoringPolicy.defaults()), embedder, 20);
    NodeStatus status = NodeStatus.newBuilder().setNodeId("n").setMode(NodeMode.PARTICIPANT).setLoad(0.5)
        .setQueueDepth(0).setInFlight(0).setMaxConcurrent(4).setWorkTopic("w").setReportedAt(now)
        .setExpiresAt(now.plusSeconds(60)).setSequence(1).build();
    Deserializer<CapabilityAnnouncement> decode = serdes.capability().deserializer();
    for (int size : sizes) {
      List<byte[]> stored = new ArrayList<>(size);
      for (int i = 0; i < size; i++) {
        stored.add(serdes.capability().serializer().serialize("t", announcement(i, now)));
      }
      List<Candidate> index = stored.stream().map(b -> planner.candidate(decode.deserialize("t", b), null)).toList();
      int reps = Math.max(3, 20_000 / size);
      double scan = time(reps, () -> stored.forEach(b -> planner.candidate(decode.deserialize("t", b), status)));
      double indexed = time(reps * 10, () -> index.forEach(c -> c.withStatus(status)));
      out.printf("gradient table %,7d capabilities: store scan %8.2f ms per intent, index %6.3f ms (x%.0f faster)%n",
          size, scan, indexed, scan / indexed);
      out.flush();
    }
  }

  private static double time(int reps, Runnable r) {
    for (int i = 0; i < Math.min(3, reps); i++) {
      r.run();
    }
    long start = System.nanoTime();
    for (int i = 0; i < reps; i++) {
      r.run();
    }
    return (System.nanoTime() - start) / 1e6 / reps;
  }

  private static CapabilityAnnouncement announcement(int i, Instant now) {
    List<Float> embedding = new ArrayList<>(384);
    Random r = new Random(i);
    for (int d = 0; d < 384; d++) {
      embedding.add((float) r.nextGaussian() / 20);
    }
    return CapabilityAnnouncement.newBuilder().setCapabilityId("llamafarm:rag:ns/project-" + i).setNodeId("n" + i % 50)
        .setType(CapabilityType.RAG).setName("project-" + i)
        .setDescription("Knowledge base project " + i + ". Answers questions about topic " + i + ": policies, "
            + "procedures, reports and contracts of department " + i % 97 + ". Model " + i % 13 + " 8B instruct. "
            + "documents: archive " + i)
        .setEmbedding(embedding).setEmbeddingModel("hash")
        .setMetadata(CapabilityMetadata.newBuilder().setProvider(Provider.LLAMAFARM).setTarget("ns/project-" + i)
            .setExtra(Map.of("namespace", "ns")).build())
        .setResources(CapabilityResources.newBuilder().build()).setConstraints(CapabilityConstraints.newBuilder()
            .build()).setAnnouncedAt(now).setSequence(1).build();
  }
}
