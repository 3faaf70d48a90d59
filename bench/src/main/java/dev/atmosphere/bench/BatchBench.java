package dev.atmosphere.bench;

import dev.atmosphere.common.config.Settings;
import dev.atmosphere.common.embed.Embedder;
import dev.atmosphere.common.kafka.KafkaConnection;
import dev.atmosphere.client.MeshClient;
import dev.atmosphere.ops.embedded.EmbeddedKafka;
import dev.atmosphere.ops.embedded.EmbeddedRegistry;
import dev.atmosphere.client.PlanClient;
import dev.atmosphere.router.RouterConfig;
import dev.atmosphere.router.RouterService;
import dev.atmosphere.router.plan.PlanTemplates;
import dev.atmosphere.schemas.CacheMode;
import dev.atmosphere.schemas.Plan;
import dev.atmosphere.schemas.PlanResult;
import dev.atmosphere.schemas.PlanStatus;
import dev.atmosphere.schemas.WorkResult;
import dev.atmosphere.schemas.topics.Topics;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Batch speed-up: the same {@code documents} short documents summarised through the embedded broker, registry and
 * router by one executor node, then by three, each backed by a LlamaFarm stand-in with a fixed latency per call.
 * Both runs bypass the semantic cache, so every document really runs.
 */
final class BatchBench {

  private BatchBench() {}

  static void run(PrintWriter out, Path home, Path workDir, Embedder embedder, int documents, Duration latency)
      throws Exception {
    List<AutoCloseable> running = new ArrayList<>();
    Path dir = workDir.resolve("batch");
    try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"), 0);
        EmbeddedRegistry registry = EmbeddedRegistry.start(EmbeddedRegistry.locateJar(home), 0,
            dir.resolve("registry.log"), Duration.ofSeconds(90));
        AutoCloseable services = () -> StubNodes.closeAll(running)) { // closed before the broker and registry are
      Map<String, String> common = StubNodes.settings(kafka, registry, dir);
      running.add(new RouterService(RouterConfig.from(Settings.of(common)), embedder, new io.micrometer.core.instrument.simple.SimpleMeterRegistry()).start());
      KafkaConnection connection = new KafkaConnection(kafka.bootstrapServers(), registry.ccompatUrl(), Map.of());
      try (PlanClient client = new PlanClient(connection, Topics.defaults())) {
        StubNodes.start(running, common, embedder, latency, "bench-0");
        awaitNodes(client.mesh(), 1);
        measure(null, client, "warmup", 100, 1, latency);   // registry ids, JIT, caches
        double one = measure(out, client, "one", documents, 1, latency);
        StubNodes.start(running, common, embedder, latency, "bench-1");
        StubNodes.start(running, common, embedder, latency, "bench-2");
        awaitNodes(client.mesh(), 3);
        double three = measure(out, client, "three", documents, 3, latency);
        out.printf("batch speed-up, 3 nodes over 1 (same broker and router, warmed up): %.2fx%n", one / three);
        out.flush();
      }
    }
  }

  /** Seconds to summarise {@code documents} one-unit documents with {@code nodes} nodes serving. */
  private static double measure(PrintWriter out, PlanClient client, String run, int documents, int nodes,
      Duration latency) {
    List<Plan> plans = new ArrayList<>();
    Instant now = Instant.now();
    for (int i = 0; i < documents; i++) {
      plans.add(Plan.newBuilder(PlanTemplates.summarize(run + "-doc-" + i, "doc-" + i + ".txt", "Document " + i
          + ": the quarterly figures rose by " + i + " percent while costs stayed flat.", null, 4000, now))
          .setCache(CacheMode.BYPASS).build());
    }
    long start = System.nanoTime();
    // as many documents in flight as the nodes run at once, twice over: the rest wait in the client, not in
    // executor queues (which reject what overflows them)
    Map<String, PlanResult> results = client.run(plans, nodes * 4 * 2, Duration.ofMinutes(10),
        new PlanClient.Progress() {
          @Override
          public void unitFinished(String planId, WorkResult unit) { }

          @Override
          public void planFinished(PlanResult result) { }
        });
    double seconds = (System.nanoTime() - start) / 1e9;
    long ok = results.values().stream().filter(r -> r.getStatus() == PlanStatus.SUCCEEDED).count();
    if (out != null) {
      results.values().stream().filter(r -> r.getStatus() != PlanStatus.SUCCEEDED).findFirst()
          .ifPresent(r -> out.printf("  first failure: %s: %s%n", r.getStatus(), r.getUnits().stream()
              .map(u -> u.getUnitId() + " " + u.getStatus() + " " + u.getError()).toList()));
      out.printf("batch of %d documents, %d node(s) × 4 concurrent, %d ms per call: %d succeeded in %.1f s "
          + "(%.1f documents/s)%n", documents, nodes, latency.toMillis(), ok, seconds, ok / seconds);
      out.flush();
    }
    return seconds;
  }

  /** Until every node's heartbeat and capability are in the verified table. */
  private static void awaitNodes(MeshClient mesh, int nodes) {
    Instant deadline = Instant.now().plusSeconds(60);
    while (Instant.now().isBefore(deadline)
        && mesh.gradientTable(Duration.ofSeconds(5)).capabilities().stream()
            .filter(c -> c.getCapabilityId().equals("llamafarm:llm:general/assistant")).count() < nodes) {
      java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
    }
    if (Instant.now().isAfter(deadline)) {
      throw new IllegalStateException("the LlamaFarm stand-ins' capabilities did not appear within 60 s");
    }
  }
}
