package dev.atmosphere.bench;

import dev.atmosphere.client.MeshClient;
import dev.atmosphere.common.config.Settings;
import dev.atmosphere.common.embed.Embedder;
import dev.atmosphere.common.kafka.KafkaConnection;
import dev.atmosphere.ops.embedded.EmbeddedKafka;
import dev.atmosphere.ops.embedded.EmbeddedRegistry;
import dev.atmosphere.router.RouterConfig;
import dev.atmosphere.router.RouterService;
import dev.atmosphere.schemas.ChatMessage;
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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.locks.LockSupport;

/**
 * Multi-turn affinity measured through the whole mesh: conversations of several turns, several at a time, on three
 * equal nodes (a LlamaFarm stand-in of fixed latency each), each turn sending the conversation so far as OpenAI
 * clients do. The figure is the share of follow-up turns answered by the node that answered the turn before — the one
 * whose KV cache holds the conversation — with affinity on and off (router.affinity.enabled), and the follow-ups'
 * latency. The stand-in has no KV cache, so the latency shows what affinity costs in load spread, not what it saves.
 */
final class AffinityBench {

  private static final int CONVERSATIONS = 30;
  private static final int TURNS = 4;
  private static final int AT_A_TIME = 6;

  private AffinityBench() {}

  static void run(PrintWriter out, Path home, Path workDir, Embedder embedder, Duration latency) throws Exception {
    double[] on = measure(home, workDir.resolve("affinity-on"), embedder, latency, true);
    double[] off = measure(home, workDir.resolve("affinity-off"), embedder, latency, false);
    out.printf("multi-turn affinity (%d conversations × %d turns, %d at a time, 3 equal nodes, %d ms per call): "
            + "follow-ups answered by the previous turn's node %.1f%% with affinity vs %.1f%% without; follow-up "
            + "p50 %.0f / %.0f ms, p99 %.0f / %.0f ms%n", CONVERSATIONS, TURNS, AT_A_TIME, latency.toMillis(),
        on[0] * 100, off[0] * 100, on[1], off[1], on[2], off[2]);
    out.flush();
  }

  /** [share of follow-ups on the previous turn's node, p50 ms, p99 ms]. */
  private static double[] measure(Path home, Path dir, Embedder embedder, Duration latency, boolean affinity)
      throws Exception {
    try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"), 0);
        EmbeddedRegistry registry = EmbeddedRegistry.start(EmbeddedRegistry.locateJar(home), 0,
            dir.resolve("registry.log"), Duration.ofSeconds(90))) {
      List<AutoCloseable> running = new ArrayList<>(); // closed before the broker and registry are
      try {
        return measure(kafka, registry, dir, embedder, latency, affinity, running);
      } finally {
        StubNodes.closeAll(running);
      }
    }
  }

  private static double[] measure(EmbeddedKafka kafka, EmbeddedRegistry registry, Path dir, Embedder embedder,
      Duration latency, boolean affinity, List<AutoCloseable> running) throws Exception {
    Map<String, String> common = StubNodes.settings(kafka, registry, dir);
    common.putAll(Map.of("router.affinity.enabled", Boolean.toString(affinity), "router.cache.enabled", "false",
        "router.relevance.threshold", "-1"));
    running.add(new RouterService(RouterConfig.from(Settings.of(common)), embedder, new io.micrometer.core.instrument.simple.SimpleMeterRegistry()).start());
    for (int i = 0; i < 3; i++) {
      StubNodes.start(running, common, embedder, latency, "affinity-" + i);
    }
    try (MeshClient client = new MeshClient(new KafkaConnection(kafka.bootstrapServers(), registry.ccompatUrl(),
        Map.of()), Topics.defaults())) {
      awaitNodes(client, 3);
      ExecutorService pool = Executors.newFixedThreadPool(AT_A_TIME);
      List<Future<double[]>> conversations = new ArrayList<>();
      for (int c = 0; c < CONVERSATIONS; c++) {
        int id = c;
        conversations.add(pool.submit(() -> converse(client, (affinity ? "on-" : "off-") + id)));
      }
      int same = 0;
      List<Double> followUps = new ArrayList<>();
      for (Future<double[]> f : conversations) {
        double[] turns = f.get();
        same += (int) turns[0];
        for (int i = 1; i < turns.length; i++) {
          followUps.add(turns[i]);
        }
      }
      pool.shutdown();
      double[] ms = followUps.stream().mapToDouble(Double::doubleValue).toArray();
      return new double[] {(double) same / (CONVERSATIONS * (TURNS - 1)), Stats.percentile(ms, 50),
          Stats.percentile(ms, 99)};
    }
  }

  /** [follow-ups answered where the turn before was, then each follow-up's latency in ms]. */
  private static double[] converse(MeshClient client, String conversation) {
    List<ChatMessage> messages = new ArrayList<>();
    double[] out = new double[TURNS];
    String previousNode = null;
    for (int turn = 0; turn < TURNS; turn++) {
      String text = "In conversation " + conversation + ", question " + turn + ": tell me more about topic " + turn;
      messages.add(new ChatMessage("user", text, List.of(), null, null));
      long start = System.nanoTime();
      WorkResult answer = client.submit(Intent.newBuilder().setIntentId(conversation + "-t" + turn)
              .setOriginNodeId("bench-user").setKind(IntentKind.CHAT).setText(text).setMessages(List.copyOf(messages))
              .setConstraints(IntentConstraints.newBuilder().build()).setCreatedAt(Instant.now()).build(),
          Duration.ofSeconds(60)).orElseThrow(() -> new IllegalStateException("no answer in " + conversation))
          .result();
      if (answer.getStatus() != dev.atmosphere.schemas.WorkStatus.SUCCEEDED) {
        throw new IllegalStateException(conversation + " turn " + turn + ": " + answer.getStatus() + " "
            + answer.getError());
      }
      if (turn > 0) {
        out[turn] = (System.nanoTime() - start) / 1e6;
        out[0] += answer.getNodeId().equals(previousNode) ? 1 : 0;
      }
      previousNode = answer.getNodeId();
      messages.add(new ChatMessage("assistant", answer.getOutput(), List.of(), null, null));
    }
    return out;
  }

  private static void awaitNodes(MeshClient client, int nodes) {
    Instant deadline = Instant.now().plusSeconds(60);
    while (Instant.now().isBefore(deadline) && client.gradientTable(Duration.ofSeconds(5)).capabilities().stream()
        .filter(c -> c.getCapabilityId().equals("llamafarm:llm:general/assistant")).count() < nodes) {
      LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
    }
  }
}
