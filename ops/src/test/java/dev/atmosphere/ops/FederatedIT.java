package dev.atmosphere.ops;

import dev.atmosphere.client.MeshClient;
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
import dev.atmosphere.client.FederatedClient;
import dev.atmosphere.router.RouterConfig;
import dev.atmosphere.router.RouterService;
import dev.atmosphere.schemas.FederatedAggregation;
import dev.atmosphere.schemas.FederatedQuery;
import dev.atmosphere.schemas.FederatedResult;
import dev.atmosphere.schemas.FederatedSpec;
import dev.atmosphere.schemas.FederatedStatus;
import dev.atmosphere.schemas.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The design's hospital scenario on a real broker and registry: three hospitals, each a node in front of its own
 * RAG project over its own patient records (a faithful LlamaFarm stand-in answering from them). "How many patients
 * had a stroke?" comes back as a noisy total within its interval; no record of any hospital reaches any topic; the
 * ε budget refuses an overspending query before any hospital runs it, also after a router restart.
 */
@Timeout(300)
class FederatedIT {

  @TempDir static Path dir;
  private static EmbeddedKafka kafka;
  private static EmbeddedRegistry registry;
  private static RouterService router;
  private static Map<String, String> common;
  private static Embedder embedder;
  private static final List<FakeLlamaFarm> farms = new ArrayList<>();
  private static final List<AutoCloseable> nodes = new ArrayList<>();
  private static final List<String> ids = new ArrayList<>();
  private static FederatedClient client;
  private static final int[] STROKES = {12, 7, 30};

  @BeforeAll
  static void up() {
    kafka = EmbeddedKafka.start(dir.resolve("kafka"), 0);
    registry = EmbeddedRegistry.start(EmbeddedRegistry.locateJar(Path.of("..").toAbsolutePath().normalize()), 0,
        dir.resolve("registry.log"), Duration.ofSeconds(90));
    embedder = new CachingEmbedder(new MiniLmEmbedder(), 1_000);
    common = Map.of(KafkaConnection.BOOTSTRAP, kafka.bootstrapServers(), KafkaConnection.REGISTRY,
        registry.ccompatUrl(), "router.state.dir", dir.resolve("router").toString(), "ollama.host",
        "http://127.0.0.1:1", "heartbeat.interval", "300ms", "heartbeat.ttl", "5s", "discovery.interval", "500ms",
        "router.federated.epsilon.budget", "1.2", "builtin.embeddings", "false", "data.dir", dir.toString());
    router = new RouterService(RouterConfig.from(Settings.of(common)), embedder, new io.micrometer.core.instrument.simple.SimpleMeterRegistry()).start();
    for (int i = 0; i < 3; i++) {
      hospital("hospital-" + (char) ('a' + i), STROKES[i]);
    }
    client = new FederatedClient(new KafkaConnection(kafka.bootstrapServers(), registry.ccompatUrl(), Map.of()),
        Topics.defaults());
    try (MeshClient mesh = new MeshClient(new KafkaConnection(kafka.bootstrapServers(), registry.ccompatUrl(),
        Map.of()), Topics.defaults())) {
      await().atMost(Duration.ofSeconds(60)).until(() -> {
        MeshClient.GradientTable table = mesh.gradientTable(Duration.ofSeconds(5));
        return table.capabilities().stream().filter(c -> c.getCapabilityId().equals("llamafarm:rag:records/ward"))
            .count() == 3 && ids.stream().allMatch(id -> table.nodes().containsKey(id)
                && table.nodes().get(id).getExpiresAt().isAfter(Instant.now().plusSeconds(2)));
      });
    }
  }

  /** A hospital: its records (patient ids, names, diagnoses) live only in its own RAG project. */
  private static void hospital(String name, int strokes) {
    List<String> records = new ArrayList<>();
    for (int i = 0; i < strokes + 20; i++) {
      records.add("PATIENT-" + name + "-" + i + " Jane Doe-" + i + ": " + (i < strokes ? "stroke" : "fracture"));
    }
    FakeLlamaFarm farm = new FakeLlamaFarm().project("records", "ward", FakeLlamaFarm.projectConfig("records", "ward",
            "clerk", "qwen3:8b", "Ward patient records", "You answer from the ward's patient records.",
            List.of("records_db")))
        .answers("records", "ward", q -> strokes + " patients had a stroke:\n" + String.join("\n",
            records.stream().filter(r -> r.endsWith("stroke")).toList()));
    farms.add(farm);
    NodeIdentity identity = NodeIdentity.ephemeral(name, java.util.Optional.empty());
    ids.add(identity.nodeId());
    Map<String, String> values = new HashMap<>(common);
    values.put("node.id", identity.nodeId());
    values.put("llamafarm.url", farm.url());
    values.put("llamafarm.namespaces", "records");
    Settings settings = Settings.of(values);
    NodeExecutor executor = new NodeExecutor(ExecutorConfig.from(settings, Map.of()), identity, embedder, Clock.systemUTC(), new io.micrometer.core.instrument.simple.SimpleMeterRegistry())
        .start();
    nodes.add(executor);
    nodes.add(new NodeAgent(IngestConfig.from(settings, Map.of()), identity, embedder,
        () -> new LoadSource.Load(executor.inFlight(), executor.queued(), executor.maxConcurrent()),
        Clock.systemUTC()).start());
  }

  @AfterAll
  static void down() throws Exception {
    if (client != null) {
      client.close();
    }
    for (int i = nodes.size() - 1; i >= 0; i--) {
      nodes.get(i).close();
    }
    if (router != null) {
      router.close();
    }
    farms.forEach(FakeLlamaFarm::close);
    if (registry != null) {
      registry.close();
    }
    if (kafka != null) {
      kafka.close();
    }
  }

  private static FederatedResult ask(String id, double epsilon) {
    Instant now = Instant.now();
    return client.ask(FederatedQuery.newBuilder().setQueryId(id)
        .setQuestion("How many patients had a stroke? Count the records.").setNodes(ids)
        .setSpec(FederatedSpec.newBuilder().setAggregation(FederatedAggregation.COUNT).setEpsilon(epsilon).build())
        .setCreatedAt(now).setDeadlineAt(now.plusSeconds(60)).build(), Duration.ofSeconds(90)).orElseThrow();
  }

  private static int chats() {
    return farms.stream().mapToInt(f -> f.requests("/v1/projects/records/ward/chat/completions").size()).sum();
  }

  @Test
  void shouldAnswerTheHospitalQuestionPrivatelyAndKeepTheBudgetAcrossARestart() throws Exception {
    FederatedResult count = ask("strokes-1", 0.5);
    int chatsAfterFirst = chats();
    FederatedResult refused = ask("strokes-2", 1.0);
    router.close();
    router = new RouterService(RouterConfig.from(Settings.of(common)), embedder, new io.micrometer.core.instrument.simple.SimpleMeterRegistry()).start();
    FederatedResult refusedAfterRestart = ask("strokes-3", 1.0);
    String[] viaCli = CliRunner.run("federated", "--bootstrap", kafka.bootstrapServers(), "--registry",
        registry.ccompatUrl(), "--epsilon", "0.5", "--nodes", String.join(",", ids), "--timeout", "60",
        "How many patients had a stroke?");
    String[] budget = CliRunner.run("budget", "--bootstrap", kafka.bootstrapServers(), "--registry",
        registry.ccompatUrl());

    assertThat(count.getStatus()).as(count.toString()).isEqualTo(FederatedStatus.SUCCEEDED);
    assertThat(count.getAnswered()).containsExactlyInAnyOrderElementsOf(ids);
    double truth = STROKES[0] + STROKES[1] + STROKES[2];
    assertThat(Math.abs(count.getValues().get(0) - truth)).as("%s, truth %s", count, truth).isLessThanOrEqualTo(2 * count.getHalfWidth95().get(0));
    assertThat(chatsAfterFirst).isEqualTo(3);
    assertThat(refused.getStatus()).isEqualTo(FederatedStatus.REFUSED);
    assertThat(refused.getError()).contains("privacy budget exhausted");
    assertThat(refusedAfterRestart.getStatus()).isEqualTo(FederatedStatus.REFUSED);
    assertThat(refusedAfterRestart.getBudgetLeft().values()).allSatisfy(left -> assertThat(left).isCloseTo(0.7,
        org.assertj.core.data.Offset.offset(1e-9)));
    assertThat(viaCli[0]).as(viaCli[1] + viaCli[2]).isEqualTo("0");
    assertThat(viaCli[1]).contains("SUCCEEDED count over 3 node(s)").contains("epsilon spent per node: 0.500");
    assertThat(budget[1]).contains(ids.get(0)).contains("1.000").contains("0.200").contains("1.200");
    assertThat(chats()).isEqualTo(6); // refused queries reached no hospital
    assertThat(client.ledgers("atmosphere-router", Duration.ofSeconds(15)).values())
        .allSatisfy(l -> assertThat(l.getSpends()).hasSize(2));
    assertThat(viaGateway()).contains("count over 3 node(s), differentially private")
        .contains("\"epsilon_spent\":0.1");
    assertThat(topicsHolding("PATIENT-")).isEmpty();
    assertThat(topicsHolding("Jane Doe")).isEmpty();
  }

  /** The same question through a node's OpenAI-compatible API, as an {@code atmosphere.federated} extension. */
  private static String viaGateway() throws Exception {
    try (var gateway = new dev.atmosphere.gateway.Gateway(new dev.atmosphere.gateway.Gateway.Settings(
        "127.0.0.1", 0, Duration.ofSeconds(60), ids.get(0), false,
        dev.atmosphere.gateway.GatewayLock.loopbackDefaults()), new dev.atmosphere.gateway.KafkaMeshPort(
        new KafkaConnection(kafka.bootstrapServers(), registry.ccompatUrl(), Map.of()), Topics.defaults(),
        Clock.systemUTC()), null, Clock.systemUTC()).start()) {
      var response = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
              java.net.URI.create("http://127.0.0.1:" + gateway.port() + "/v1/chat/completions"))
          .header("Content-Type", "application/json").POST(java.net.http.HttpRequest.BodyPublishers.ofString(
              "{\"model\":\"auto\",\"messages\":[{\"role\":\"user\",\"content\":\"How many patients had a stroke?"
                  + "\"}],\"atmosphere\":{\"federated\":{\"epsilon\":0.1,\"aggregate\":\"count\"}}}")).build(),
          java.net.http.HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
      return response.body();
    }
  }

  private static Set<String> topicsHolding(String text) throws Exception {
    return TopicScan.holding(kafka.bootstrapServers(), text.getBytes(StandardCharsets.UTF_8));
  }
}
