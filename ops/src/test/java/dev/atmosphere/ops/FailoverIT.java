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
import dev.atmosphere.schemas.WorkResult;
import dev.atmosphere.schemas.WorkStatus;
import dev.atmosphere.schemas.topics.Topics;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Failover through the real broker: two nodes serve the same project; node a sorts first, so it gets the first
 * attempt. A node answering 500s, and an executor killed with SIGKILL mid-work on a node that then vanishes, both
 * end with exactly one correct result served by node b.
 */
@Timeout(300)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FailoverIT {

  @TempDir static Path dir;
  private static EmbeddedKafka kafka;
  private static EmbeddedRegistry registry;
  private static RouterService router;
  private static final Map<String, FakeLlamaFarm> farms = new HashMap<>();
  private static final Map<String, NodeAgent> agents = new HashMap<>();
  private static final Map<String, String> ids = new HashMap<>();
  private static final Map<String, NodeIdentity> identities = new HashMap<>();
  private static final Map<String, Settings> settings = new HashMap<>();
  private static NodeExecutor executorB;
  private static Process executorA;
  private static MeshClient client;
  private static Embedder embedder;
  private static Settings routerSettings;

  @BeforeAll
  static void up() throws Exception {
    kafka = EmbeddedKafka.start(dir.resolve("kafka"), 0);
    registry = EmbeddedRegistry.start(EmbeddedRegistry.locateJar(Path.of("..").toAbsolutePath().normalize()), 0,
        dir.resolve("registry.log"), Duration.ofSeconds(90));
    embedder = new CachingEmbedder(new MiniLmEmbedder(), 10_000);
    Map<String, String> common = new HashMap<>(Map.of(KafkaConnection.BOOTSTRAP, kafka.bootstrapServers(),
        KafkaConnection.REGISTRY, registry.ccompatUrl(), "router.state.dir", dir.resolve("router").toString(),
        "ollama.host", "http://127.0.0.1:1", "heartbeat.interval", "300ms", "heartbeat.ttl", "1500ms",
        "discovery.interval", "500ms", "router.attempt.timeout", "150s", "router.check.interval", "300ms"));
    // a killed executor or a restarted router must wait out its predecessor's group session: keep it short
    common.put("kafka.client.session.timeout.ms", "10000");
    common.put("llamafarm.namespaces", "general");
    common.put("builtin.embeddings", "false");
    routerSettings = Settings.of(common);
    router = new RouterService(RouterConfig.from(routerSettings), embedder, new io.micrometer.core.instrument.simple.SimpleMeterRegistry()).start();
    for (String name : List.of("a-node", "b-node")) {
      FakeLlamaFarm farm = new FakeLlamaFarm().answerPrefix("answer of " + name).project("general", "assistant",
          projectConfig("general", "assistant", "m", "llama3.1:8b", "General assistant",
              "You answer everyday questions and write emails.", List.of()));
      Path keys = dir.resolve("identity-" + name); // kept on disk: a child executor JVM signs with the same key
      NodeIdentity identity = NodeIdentity.loadOrCreate(keys, name, java.util.Optional.empty());
      identities.put(name, identity);
      Map<String, String> values = new HashMap<>(common);
      values.put("identity.dir", keys.toString());
      values.put("node.id", identity.nodeId());
      values.put("llamafarm.url", farm.url());
      Settings s = Settings.of(values);
      farms.put(name, farm);
      ids.put(name, identity.nodeId());
      settings.put(name, s);
      agents.put(name, new NodeAgent(IngestConfig.from(s, Map.of()), identity, embedder, LoadSource.idle(4),
          Clock.systemUTC()).start());
    }
    executorA = startChildExecutor(values("a-node"));
    executorB = new NodeExecutor(ExecutorConfig.from(settings.get("b-node"), Map.of()), identities.get("b-node"), embedder, Clock.systemUTC(), new io.micrometer.core.instrument.simple.SimpleMeterRegistry())
        .start();
    client = new MeshClient(new KafkaConnection(kafka.bootstrapServers(), registry.ccompatUrl(), Map.of()),
        Topics.defaults());
    // the router itself must see both nodes as eligible (a dry run shows its table, not just the topics)
    await().atMost(Duration.ofSeconds(60)).until(() -> client.explain(intent("probe-" + System.nanoTime()),
        Duration.ofSeconds(10)).map(d -> d.getCandidates().stream().filter(c -> c.getEligible()).count() == 2)
        .orElse(false));
  }

  private static Map<String, String> values(String name) {
    Map<String, String> out = new HashMap<>();
    settings.get(name).keys().forEach(k -> out.put(k, settings.get(name).string(k, "")));
    return out;
  }

  /** Node a's executor as its own JVM, so the test can kill -9 it. */
  private static Process startChildExecutor(Map<String, String> config) throws Exception {
    return ChildJvm.start(dir, "executor-a", "dev.atmosphere.executor.ExecutorApp", config);
  }

  @AfterAll
  static void down() {
    if (executorA != null) {
      executorA.destroyForcibly();
    }
    if (client != null) {
      client.close();
    }
    agents.values().forEach(NodeAgent::close);
    if (executorB != null) {
      executorB.close();
    }
    if (router != null) {
      router.close();
    }
    farms.values().forEach(FakeLlamaFarm::close);
    if (registry != null) {
      registry.close();
    }
    if (kafka != null) {
      kafka.close();
    }
  }

  private static Intent intent(String id) {
    return Intent.newBuilder().setIntentId(id).setKind(IntentKind.CHAT).setText("write a short email to my team")
        .setCache(dev.atmosphere.schemas.CacheMode.BYPASS) // the same text each time: every one must really run
        .setConstraints(IntentConstraints.newBuilder().build()).setCreatedAt(Instant.now()).build();
  }

  @Test
  @Order(1)
  void shouldFailOverToTheOtherNodeWhenTheFirstAnswers500() {
    farms.get("a-node").failNextChats(1, 500);
    assertThat(executorA.isAlive()).isTrue();

    WorkResult result = client.submit(intent("fo-500"), Duration.ofSeconds(60)).orElseThrow().result();

    assertThat(result.getStatus()).as(result.toString()).isEqualTo(WorkStatus.SUCCEEDED);
    assertThat(result.getOutput()).startsWith("answer of b-node");
    assertThat(result.getAttempts()).isEqualTo(2);
    assertThat(result.getTriedNodes()).containsExactly(ids.get("a-node"), ids.get("b-node"));
  }

  @Test
  @Order(2)
  void shouldEndWithOneResultWhenTheExecutorIsKilledMidWorkAndItsNodeVanishes() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    farms.get("a-node").holdChats(release);
    int before = farms.get("a-node").chatsStarted();

    var pending = java.util.concurrent.CompletableFuture.supplyAsync(
        () -> client.submit(intent("fo-kill"), Duration.ofSeconds(90)).orElseThrow().result());
    await().atMost(Duration.ofSeconds(30)).until(() -> farms.get("a-node").chatsStarted() > before);
    executorA.destroyForcibly().waitFor();                 // kill -9 with the work in flight
    agents.get("a-node").stopHeartbeats();                  // and the node vanishes

    WorkResult result = pending.get(90, java.util.concurrent.TimeUnit.SECONDS);
    release.countDown();
    assertThat(result.getStatus()).isEqualTo(WorkStatus.SUCCEEDED);
    assertThat(result.getOutput()).startsWith("answer of b-node");
    assertThat(result.getTriedNodes()).containsExactly(ids.get("a-node"), ids.get("b-node"));

    executorA = startChildExecutor(values("a-node"));      // restarted, it re-runs the uncommitted batch
    await().atMost(Duration.ofSeconds(60)).until(() -> farms.get("a-node").chatsStarted() > before + 1);
    await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(20))
        .until(() -> countResults("fo-kill") == 1);
  }

  @Test
  @Order(3)
  void shouldResumeAnInFlightIntentAfterARouterRestartAndAnswerItOnce() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    farms.get("b-node").holdChats(release);
    int before = farms.get("b-node").chatsStarted();
    var pending = java.util.concurrent.CompletableFuture.supplyAsync(
        () -> client.submit(intent("fo-restart"), Duration.ofSeconds(120)).orElseThrow().result());
    await().atMost(Duration.ofSeconds(30)).until(() -> farms.get("b-node").chatsStarted() > before);

    router.close();                                          // the router goes away with the intent in flight
    router = new RouterService(RouterConfig.from(routerSettings), embedder, new io.micrometer.core.instrument.simple.SimpleMeterRegistry()).start();
    release.countDown();                                     // the attempt finishes while the new router restores

    WorkResult result = pending.get(120, java.util.concurrent.TimeUnit.SECONDS);
    assertThat(result.getStatus()).isEqualTo(WorkStatus.SUCCEEDED);
    assertThat(result.getOutput()).startsWith("answer of b-node");
    await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(20))
        .until(() -> countResults("fo-restart") == 1);
  }

  @Test
  @Order(4)
  void shouldContinueAStreamedAnswerOnTheNextNodeWhenTheFirstDiesMidStream() throws Exception {
    agents.get("a-node").close(); // a-node comes back (its executor was restarted above): heartbeats again
    agents.put("a-node", new NodeAgent(IngestConfig.from(settings.get("a-node"), Map.of()), identities.get("a-node"),
        embedder, LoadSource.idle(4), Clock.systemUTC()).start());
    await().atMost(Duration.ofSeconds(60)).until(() -> client.explain(intent("probe-" + System.nanoTime()),
        Duration.ofSeconds(10)).map(d -> d.getChosenNodeId().equals(ids.get("a-node"))).orElse(false));
    CountDownLatch release = new CountDownLatch(1);
    farms.get("a-node").answerPrefix("Bonjour").holdStreamAfterFirstPiece(release); // "Bonjour", then silence
    List<String> streamed = new java.util.concurrent.CopyOnWriteArrayList<>();
    var pending = java.util.concurrent.CompletableFuture.supplyAsync(() -> client.submit(Intent.newBuilder(
        intent("fo-stream")).setStream(true).build(), Duration.ofSeconds(90), c -> streamed.add(c.getDelta()))
        .orElseThrow().result());
    await().atMost(Duration.ofSeconds(30)).until(() -> !streamed.isEmpty()); // the client has a-node's first piece
    executorA.destroyForcibly().waitFor();                 // kill -9 mid-stream
    agents.get("a-node").stopHeartbeats();

    WorkResult result = pending.get(90, java.util.concurrent.TimeUnit.SECONDS);
    release.countDown();
    String rest = "answer of b-node from general/assistant to: write a short email to my team";
    assertThat(result.getStatus()).as(result.toString()).isEqualTo(WorkStatus.SUCCEEDED);
    assertThat(farms.get("b-node").continued()).as("b-node was asked to continue").containsExactly("Bonjour");
    assertThat(result.getOutput()).isEqualTo("Bonjour " + rest);
    assertThat(result.getContinuedChars()).isEqualTo("Bonjour".length());
    assertThat(result.getTriedNodes()).containsExactly(ids.get("a-node"), ids.get("b-node"));
    assertThat(String.join("", streamed)).as("one stream, the first part not repeated").isEqualTo(result.getOutput());
  }

  private static long countResults(String intentId) {
    Properties p = new KafkaConnection(kafka.bootstrapServers(), registry.ccompatUrl(), Map.of()).clientProps();
    p.put("isolation.level", "read_committed");
    try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(p,
        new org.apache.kafka.common.serialization.StringDeserializer(),
        new org.apache.kafka.common.serialization.ByteArrayDeserializer())) {
      var parts = MeshClient.partitions(c, Topics.defaults().results());
      c.assign(parts);
      c.seekToBeginning(parts);
      var end = c.endOffsets(parts);
      long n = 0;
      Instant deadline = Instant.now().plusSeconds(10);
      while (Instant.now().isBefore(deadline) && parts.stream().anyMatch(tp -> c.position(tp) < end.get(tp))) {
        for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(200))) {
          if (intentId.equals(r.key())) {
            n++;
          }
        }
      }
      return n;
    }
  }
}
