package dev.atmosphere.ops;

import dev.atmosphere.client.MeshClient;
import static dev.atmosphere.common.testing.FakeLlamaFarm.projectConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.atmosphere.common.config.Settings;
import dev.atmosphere.common.embed.CachingEmbedder;
import dev.atmosphere.common.embed.Embedder;
import dev.atmosphere.common.embed.MiniLmEmbedder;
import dev.atmosphere.common.identity.NodeIdentity;
import dev.atmosphere.common.kafka.KafkaConnection;
import dev.atmosphere.common.testing.FakeLlamaFarm;
import dev.atmosphere.executor.ExecutorConfig;
import dev.atmosphere.executor.NodeExecutor;
import dev.atmosphere.ingest.IngestConfig;
import dev.atmosphere.ingest.LoadSource;
import dev.atmosphere.ingest.NodeAgent;
import dev.atmosphere.ops.embedded.EmbeddedKafka;
import dev.atmosphere.ops.embedded.EmbeddedRegistry;
import dev.atmosphere.router.RouterConfig;
import dev.atmosphere.router.RouterService;
import dev.atmosphere.schemas.Intent;
import dev.atmosphere.schemas.IntentConstraints;
import dev.atmosphere.schemas.IntentKind;
import dev.atmosphere.schemas.WorkStatus;
import dev.atmosphere.schemas.topics.Topics;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A dead machine costs seconds: the router runs in three processes (this JVM and two child JVMs, each with its own
 * state directory), as it does when three machines run {@code ./atmosphere up} against one broker. One child is
 * killed with {@code kill -9} while it owns partitions of the intents topic; intents posted right after — spread over
 * every partition — must all be answered within 10 s (the issue measured 48 s before the group session was shortened).
 */
@Timeout(300)
class DeadMachineIT {

  @TempDir static Path dir;
  private static EmbeddedKafka kafka;
  private static EmbeddedRegistry registry;
  private static RouterService router;
  private static FakeLlamaFarm farm;
  private static NodeAgent agent;
  private static NodeExecutor executor;
  private static MeshClient client;
  private static final List<Process> children = new ArrayList<>();
  private static Map<String, String> common;

  @BeforeAll
  static void up() throws Exception {
    kafka = EmbeddedKafka.start(dir.resolve("kafka"), 0);
    registry = EmbeddedRegistry.start(EmbeddedRegistry.locateJar(Path.of("..").toAbsolutePath().normalize()), 0,
        dir.resolve("registry.log"), Duration.ofSeconds(90));
    Embedder embedder = new CachingEmbedder(new MiniLmEmbedder(), 10_000);
    common = new HashMap<>(Map.of(KafkaConnection.BOOTSTRAP, kafka.bootstrapServers(),
        KafkaConnection.REGISTRY, registry.ccompatUrl(), "ollama.host", "http://127.0.0.1:1",
        "heartbeat.interval", "500ms", "discovery.interval", "500ms", "llamafarm.namespaces", "general",
        "builtin.embeddings", "false", "router.cache.enabled", "false"));
    Map<String, String> self = new HashMap<>(common);
    self.put("router.state.dir", dir.resolve("router-0").toString());
    router = new RouterService(RouterConfig.from(Settings.of(self)), embedder, new io.micrometer.core.instrument.simple.SimpleMeterRegistry()).start();
    farm = new FakeLlamaFarm().answerPrefix("answer").project("general", "assistant", projectConfig("general",
        "assistant", "m", "llama3.1:8b", "General assistant", "You answer everyday questions.", List.of()));
    NodeIdentity identity = NodeIdentity.ephemeral("survivor", Optional.empty());
    Map<String, String> node = new HashMap<>(common);
    node.put("node.id", identity.nodeId());
    node.put("llamafarm.url", farm.url());
    Settings s = Settings.of(node);
    agent = new NodeAgent(IngestConfig.from(s, Map.of()), identity, embedder, LoadSource.idle(4), Clock.systemUTC())
        .start();
    executor = new NodeExecutor(ExecutorConfig.from(s, Map.of()), identity, embedder, Clock.systemUTC(), new io.micrometer.core.instrument.simple.SimpleMeterRegistry()).start();
    for (int i = 1; i <= 2; i++) {
      children.add(childRouter(i));
    }
    client = new MeshClient(new KafkaConnection(kafka.bootstrapServers(), registry.ccompatUrl(), Map.of()),
        Topics.defaults());
    try (Admin admin = Admin.create(new KafkaConnection(kafka.bootstrapServers(), "", Map.of()).clientProps())) {
      await().atMost(Duration.ofSeconds(120)).until(() -> admin.describeConsumerGroups(List.of("atmosphere-router"))
          .all().get().get("atmosphere-router").members().size() == 3);
    }
    // every router instance must route: answer a batch spread over all partitions first
    await().atMost(Duration.ofSeconds(90)).until(() -> answerAll(6, Duration.ofSeconds(20)).stream()
        .allMatch(ms -> ms >= 0));
  }

  private static Process childRouter(int i) throws Exception {
    Map<String, String> values = new HashMap<>(common);
    values.put("router.state.dir", dir.resolve("router-" + i).toString());
    return ChildJvm.start(dir, "router-" + i, "dev.atmosphere.router.RouterApp", values);
  }

  @AfterAll
  static void down() {
    children.forEach(Process::destroyForcibly);
    for (AutoCloseable c : new AutoCloseable[] {client, executor, agent, router, farm, registry, kafka}) {
      try {
        if (c != null) {
          c.close();
        }
      } catch (Exception e) {
        // best effort
      }
    }
  }

  private static List<Long> answerAll(int n, Duration timeout) {
    return answerAll(n, timeout, System.nanoTime());
  }

  /** Posts {@code n} intents at once; milliseconds from {@code since} to each SUCCEEDED result, or -1. */
  private static List<Long> answerAll(int n, Duration timeout, long since) {
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(n);
    List<CompletableFuture<Long>> answers = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String id = "dead-" + System.nanoTime() + "-" + i;
      answers.add(CompletableFuture.supplyAsync(() -> {
        return client.submit(Intent.newBuilder().setIntentId(id).setKind(IntentKind.CHAT)
                .setText("what should I cook tonight, idea " + id).setConstraints(IntentConstraints.newBuilder().build())
                .setCreatedAt(Instant.now()).build(), timeout)
            .map(a -> {
              if (a.result().getStatus() == WorkStatus.SUCCEEDED) {
                return (System.nanoTime() - since) / 1_000_000;
              }
              System.out.printf("dead machine: %s ended %s: %s (route %s)%n", id, a.result().getStatus(),
                  a.result().getError(), a.route().map(Object::toString).orElse("none"));
              return -1L;
            }).orElseGet(() -> {
              System.out.printf("dead machine: %s had no result in %s%n", id, timeout);
              return -1L;
            });
      }, pool));
    }
    try {
      return answers.stream().map(CompletableFuture::join).toList();
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void shouldAnswerEveryIntentWithinTenSecondsOfAKillNineOfARouterProcess() {
    Process victim = children.get(0);

    long killedAt = System.nanoTime();
    victim.destroyForcibly(); // SIGKILL: no leave-group, no commit, nothing
    List<Long> latencies = answerAll(9, Duration.ofSeconds(30), killedAt);

    System.out.printf("dead machine: after kill -9 of a router process, 9 intents answered %s ms after the kill "
            + "(max %d ms)%n",
        latencies, latencies.stream().mapToLong(Long::longValue).max().orElse(-1));
    assertThat(latencies).as("every intent answered").allMatch(ms -> ms >= 0);
    assertThat(latencies).as("routing whole again within 10 s").allMatch(ms -> ms <= 10_000);
  }
}
