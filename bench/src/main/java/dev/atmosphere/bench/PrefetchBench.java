package dev.atmosphere.bench;

import dev.atmosphere.common.config.Settings;
import dev.atmosphere.common.embed.Embedder;
import dev.atmosphere.common.kafka.KafkaConnection;
import dev.atmosphere.client.MeshClient;
import dev.atmosphere.ops.embedded.EmbeddedKafka;
import dev.atmosphere.ops.embedded.EmbeddedRegistry;
import dev.atmosphere.router.RouterConfig;
import dev.atmosphere.router.RouterService;
import dev.atmosphere.schemas.Intent;
import dev.atmosphere.schemas.IntentConstraints;
import dev.atmosphere.schemas.IntentKind;
import dev.atmosphere.schemas.WorkResult;
import dev.atmosphere.schemas.topics.Topics;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * Prefetching on a replayed session: a user's routine of question → follow-up pairs is replayed twice (the router
 * learns the follow-ups), the answers expire, and the routine is replayed again. Follow-up latency of the first
 * replay (executed, nothing known) against the last (predicted and run in the background while the user read the
 * first answer). Two nodes with a LlamaFarm stand-in of fixed latency; one second of reading time between questions.
 */
final class PrefetchBench {

  private static final String[][] ROUTINE = {
      {"Summarise yesterday's incident reports", "Which incidents are still open?"},
      {"Summarise the supplier contract's termination clause", "What notice period does the supplier contract require?"},
      {"What changed in the Q3 sales figures?", "Which region grew fastest in Q3?"},
      {"Draft the weekly status email for the platform team", "Shorten the weekly status email to three bullets"},
      {"Explain the failing build on the main branch", "Which commit broke the main branch build?"},
      {"List this week's customer escalations", "Which customer escalation is the most urgent?"}};

  private PrefetchBench() {}

  static void run(PrintWriter out, Path home, Path workDir, Embedder embedder, Duration latency) throws Exception {
    List<AutoCloseable> running = new ArrayList<>();
    Path dir = workDir.resolve("prefetch");
    try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"), 0);
        EmbeddedRegistry registry = EmbeddedRegistry.start(EmbeddedRegistry.locateJar(home), 0,
            dir.resolve("registry.log"), Duration.ofSeconds(90));
        AutoCloseable services = () -> StubNodes.closeAll(running)) { // closed before the broker and registry are
      Map<String, String> common = StubNodes.settings(kafka, registry, dir);
      common.putAll(Map.of("router.prefetch.enabled", "true", "router.cache.ttl", "8s",
          "router.cache.sweep.interval", "1s", "router.relevance.threshold", "-1"));
      running.add(new RouterService(RouterConfig.from(Settings.of(common)), embedder, new io.micrometer.core.instrument.simple.SimpleMeterRegistry()).start());
      for (int i = 0; i < 2; i++) {
        StubNodes.start(running, common, embedder, latency, "replay-" + i);
      }
      try (MeshClient client = new MeshClient(new KafkaConnection(kafka.bootstrapServers(), registry.ccompatUrl(),
          Map.of()), Topics.defaults())) {
        awaitRoutable(client);
        double[] cold = replay(client, "day1a");
        replay(client, "day1b");                      // the routine again: follow-ups now seen twice
        LockSupport.parkNanos(Duration.ofSeconds(10).toNanos());  // answers expire (TTL 8 s)
        double[] warm = replay(client, "day2");
        out.printf("prefetch on a replayed session (%d question → follow-up pairs, %d ms per model call, 1 s reading "
                + "time): follow-up mean %.0f ms without prediction vs %.0f ms with (%.0f%% served from a "
                + "prefetched answer)%n", ROUTINE.length, latency.toMillis(), cold[0], warm[0], warm[1] * 100);
        out.flush();
      }
    }
  }

  /** [mean follow-up latency ms, share of follow-ups that were cache hits]. */
  private static double[] replay(MeshClient client, String pass) {
    double total = 0;
    int hits = 0;
    for (int i = 0; i < ROUTINE.length; i++) {
      ask(client, pass + "-q" + i, ROUTINE[i][0]);
      LockSupport.parkNanos(Duration.ofSeconds(1).toNanos()); // the user reads the answer
      long start = System.nanoTime();
      WorkResult followUp = ask(client, pass + "-f" + i, ROUTINE[i][1]);
      total += (System.nanoTime() - start) / 1e6;
      boolean prefetched = followUp.getCacheHit() && followUp.getCachedIntentId() != null
          && followUp.getCachedIntentId().startsWith("prefetch-");
      hits += prefetched ? 1 : 0;
    }
    return new double[] {total / ROUTINE.length, (double) hits / ROUTINE.length};
  }

  private static WorkResult ask(MeshClient client, String id, String text) {
    Instant now = Instant.now();
    return client.submit(Intent.newBuilder().setIntentId(id).setOriginNodeId("replayed-user")
            .setKind(IntentKind.CHAT).setText(text).setConstraints(IntentConstraints.newBuilder().build())
            .setCreatedAt(now).build(), Duration.ofSeconds(60))
        .orElseThrow(() -> new IllegalStateException("no answer to " + id)).result();
  }

  private static void awaitRoutable(MeshClient client) {
    Instant deadline = Instant.now().plusSeconds(60);
    while (Instant.now().isBefore(deadline) && client.gradientTable(Duration.ofSeconds(5)).capabilities().stream()
        .filter(c -> c.getCapabilityId().equals("llamafarm:llm:general/assistant")).count() < 2) {
      LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
    }
  }
}
