package dev.atmosphere.ops;

import dev.atmosphere.client.MeshClient;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.atmosphere.common.embed.CachingEmbedder;
import dev.atmosphere.common.embed.MiniLmEmbedder;
import dev.atmosphere.common.kafka.KafkaConnection;
import dev.atmosphere.common.testing.FakeLlamaFarm;
import dev.atmosphere.common.testing.FakeOllama;
import dev.atmosphere.schemas.Intent;
import dev.atmosphere.schemas.IntentConstraints;
import dev.atmosphere.schemas.IntentKind;
import dev.atmosphere.schemas.WorkStatus;
import dev.atmosphere.schemas.sign.Sha256;
import dev.atmosphere.schemas.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The model comes to the data: node A's Ollama has a model (its manifest and blobs on disk, as Ollama keeps them);
 * node B has the private data and no model. One command moves the model — control events on Kafka, bytes node to
 * node in verified chunks — into B's Ollama through its blob API; B announces it; a local-only intent from B then
 * runs on B.
 */
@Timeout(300)
class MigrationIT {

  @TempDir static Path home;
  private static FakeOllama ollamaA;
  private static FakeOllama ollamaB;
  private static FakeLlamaFarm llamaFarmA;
  private static FakeLlamaFarm llamaFarmB;
  private static byte[] gguf;
  private static MeshStack nodeA;
  private static MeshStack nodeB;
  private static byte[] weights;

  @BeforeAll
  static void up() throws Exception {
    weights = new byte[12 * 1024 * 1024 + 123];
    new Random(42).nextBytes(weights);
    Path models = home.resolve("a-models");
    String weightsDigest = blob(models, weights);
    String template = blob(models, "{{ .Prompt }}".getBytes(StandardCharsets.UTF_8));
    String params = blob(models, "{\"temperature\":0.2}".getBytes(StandardCharsets.UTF_8));
    for (String name : List.of("tiny", "tiny2")) { // tiny moved by a person, tiny2 by the router
      Path manifest = models.resolve("manifests/registry.ollama.ai/library/" + name + "/latest");
      Files.createDirectories(manifest.getParent());
      Files.writeString(manifest, "{\"schemaVersion\":2,\"config\":{\"digest\":\"sha256:" + "0".repeat(64)
          + "\",\"size\":10},\"layers\":[{\"mediaType\":\"application/vnd.ollama.image.model\",\"digest\":\""
          + weightsDigest + "\",\"size\":" + weights.length + "},{\"mediaType\":\"application/vnd.ollama.image.template\","
          + "\"digest\":\"" + template + "\",\"size\":13},{\"mediaType\":\"application/vnd.ollama.image.params\","
          + "\"digest\":\"" + params + "\",\"size\":19}]}");
    }
    ollamaA = new FakeOllama().model("tiny:latest", "llama", "1B", List.of("completion"))
        .model("tiny2:latest", "llama", "1B", List.of("completion"));
    ollamaB = new FakeOllama();
    gguf = new byte[3 * 1024 * 1024 + 7]; // a LlamaFarm project's Universal Runtime model, in A's Hugging Face cache
    new Random(7).nextBytes(gguf);
    Path repo = home.resolve("a-hf/models--unsloth--Tiny-GGUF");
    Path blob = Files.createDirectories(repo.resolve("blobs")).resolve(Sha256.hex(gguf));
    Files.write(blob, gguf);
    Path link = Files.createDirectories(repo.resolve("snapshots/0a1b2c")).resolve("Tiny-Q4_K_M.gguf");
    Files.createSymbolicLink(link, link.getParent().relativize(blob));
    Files.createDirectories(repo.resolve("refs"));
    Files.writeString(repo.resolve("refs/main"), "0a1b2c");
    Path project = Files.createDirectories(home.resolve("lf-a/projects/legal/contracts")).resolve("llamafarm.yaml");
    Files.writeString(project, """
        version: v1
        name: contracts
        namespace: legal
        runtime:
          default_model: fast
          models: [{name: fast, provider: universal, model: "unsloth/Tiny-GGUF:Q4_K_M", description: contract review}]
        prompts: [{name: default, messages: [{role: system, content: You review commercial contracts.}]}]
        rag: {databases: [{name: clauses, type: ChromaStore}]}
        """);
    llamaFarmA = new FakeLlamaFarm().dataDir(home.resolve("lf-a"));
    llamaFarmB = new FakeLlamaFarm().dataDir(home.resolve("lf-b"));
    var embedder = new CachingEmbedder(new MiniLmEmbedder(), 5_000);
    nodeA = MeshStack.start(home.resolve("a"), home.resolve("absent.properties"),
        Map.of("LLAMAFARM_URL", llamaFarmA.url(), "LF_DATA_DIR", home.resolve("lf-a").toString(),
            "HF_HUB_CACHE", home.resolve("a-hf").toString()),
        Map.ofEntries(Map.entry("node.name", "node-a"), Map.entry("embedded.kafka.port", "0"),
            Map.entry("embedded.registry.port", "0"), Map.entry("gateway.port", "0"),
            Map.entry("ollama.host", ollamaA.url()), Map.entry("ollama.models.dir", models.toString()),
            Map.entry("migration.serve", "true"), Map.entry("migration.chunk_bytes", "1048576"),
            Map.entry("router.migration.enabled", "true"),
            Map.entry("discovery.interval", "500ms"), Map.entry("heartbeat.interval", "500ms"),
            Map.entry("monitoring.enabled", "false"), Map.entry("metrics.port", "0")), embedder);
    nodeB = MeshStack.start(home.resolve("b"), home.resolve("absent.properties"),
        Map.of("LLAMAFARM_URL", llamaFarmB.url(), "LF_DATA_DIR", home.resolve("lf-b").toString(),
            "HF_HUB_CACHE", home.resolve("b-hf").toString()),
        Map.ofEntries(Map.entry("node.name", "node-b"),
            Map.entry(KafkaConnection.BOOTSTRAP, nodeA.endpoints().bootstrap()),
            Map.entry(KafkaConnection.REGISTRY, nodeA.endpoints().registry()),
            Map.entry("gateway.port", "0"), Map.entry("ollama.host", ollamaB.url()),
            Map.entry("migration.accept", "true"), Map.entry("migration.chunk_bytes", "1048576"),
            Map.entry("migration.keep", "never"), // a migrated model goes once it has answered
            Map.entry("router.enabled", "false"), Map.entry("scaler.enabled", "false"),
            Map.entry("monitoring.enabled", "false"), Map.entry("metrics.port", "0"),
            Map.entry("discovery.interval", "500ms"), Map.entry("heartbeat.interval", "500ms")), embedder);
  }

  private static String blob(Path models, byte[] bytes) throws Exception {
    String hex = Sha256.hex(bytes);
    Files.createDirectories(models.resolve("blobs"));
    Files.write(models.resolve("blobs/sha256-" + hex), bytes);
    return "sha256:" + hex;
  }

  @AfterAll
  static void down() {
    for (AutoCloseable c : new AutoCloseable[] {nodeB, nodeA, ollamaA, ollamaB, llamaFarmA, llamaFarmB}) {
      try {
        if (c != null) {
          c.close();
        }
      } catch (Exception e) {
        // closing what is left
      }
    }
  }

  @Test
  void shouldLetTheRouterMoveTheModelForALocalOnlyIntentThatNeedsIt() {
    String a = nodeA.endpoints().nodeId();
    String b = nodeB.endpoints().nodeId();
    KafkaConnection kafka = new KafkaConnection(nodeA.endpoints().bootstrap(),
        nodeA.endpoints().registry(), Map.of());
    try (MeshClient client = new MeshClient(kafka, Topics.defaults(), keyOf(nodeB))) { // an app on b, in b's name
      await().atMost(Duration.ofSeconds(60)).until(() -> client.gradientTable(Duration.ofSeconds(5)).capabilities()
          .stream().anyMatch(c -> c.getNodeId().equals(a) && c.getCapabilityId().equals("ollama:llm:tiny2:latest")));
      RouterReady.awaitRoutable(nodeA.endpoints(), "ollama:llm:tiny2:latest"); // the router's own table can lag
      Instant now = Instant.now();
      var answer = client.submit(Intent.newBuilder().setIntentId("needs-tiny2-" + now.toEpochMilli())
          .setOriginNodeId(b).setKind(IntentKind.CHAT).setText("summarise the patient notes on this machine")
          .setPinnedModel("tiny2:latest").setConstraints(IntentConstraints.newBuilder().setLocalOnly(true).build())
          .setCreatedAt(now).setDeadlineAt(now.plusSeconds(120)).build(), Duration.ofSeconds(120)).orElseThrow();

      assertThat(answer.result().getStatus()).as(answer.result().toString()).isEqualTo(WorkStatus.SUCCEEDED);
      assertThat(answer.result().getNodeId()).isEqualTo(b);
      assertThat(ollamaB.blobs()).containsKey("sha256:" + Sha256.hex(weights));
      await("migration.keep: never removes it after its answer").atMost(Duration.ofSeconds(30))
          .until(() -> !ollamaB.has("tiny2:latest"));
    }
  }

  @Test
  void shouldMoveTheModelToTheNodeWithTheDataAndRunTheLocalOnlyIntentThere() {
    String a = nodeA.endpoints().nodeId();
    String b = nodeB.endpoints().nodeId();
    String bootstrap = nodeA.endpoints().bootstrap();
    String registry = nodeA.endpoints().registry();

    String[] moved = CliRunner.run("migrate", "tiny:latest", "--from", a, "--to", b, "--bootstrap", bootstrap,
        "--registry", registry, "--timeout", "120");

    assertThat(moved[0]).as(moved[1] + moved[2]).isEqualTo("0");
    assertThat(moved[1]).contains("offered by " + a).contains("completed: tiny:latest is on " + b);
    assertThat(ollamaB.blobs().get("sha256:" + Sha256.hex(weights))).isEqualTo(weights);
    String id = moved[1].substring("migration ".length(), moved[1].indexOf(':'));
    assertThat(home.resolve("b/.atmosphere/migrations").resolve(id)).as("the staged copy goes once the model is in")
        .doesNotExist();
    String[] listed = CliRunner.run("migrations", "--bootstrap", bootstrap, "--registry", registry);
    assertThat(listed[1]).contains("tiny:latest").contains("COMPLETED");
    try (MeshClient client = new MeshClient(new KafkaConnection(bootstrap, registry, Map.of()), Topics.defaults(),
        keyOf(nodeB))) {
      await().atMost(Duration.ofSeconds(60)).until(() -> client.gradientTable(Duration.ofSeconds(5)).capabilities()
          .stream().anyMatch(c -> c.getNodeId().equals(b) && c.getCapabilityId().equals("ollama:llm:tiny:latest")));
      Instant now = Instant.now();
      var answer = client.submit(Intent.newBuilder().setIntentId("private-" + now.toEpochMilli()).setOriginNodeId(b)
          .setKind(IntentKind.CHAT).setText("summarise the patient notes on this machine").setPinnedModel("tiny:latest")
          .setConstraints(IntentConstraints.newBuilder().setLocalOnly(true).build()).setCreatedAt(now)
          .setDeadlineAt(now.plusSeconds(60)).build(), Duration.ofSeconds(60)).orElseThrow();
      assertThat(answer.result().getStatus()).isEqualTo(WorkStatus.SUCCEEDED);
      assertThat(answer.result().getNodeId()).isEqualTo(b);
    }
  }

  @Test
  void shouldMoveALlamaFarmProjectsModelAndAnswerTheProjectOnTheNodeWithTheData() throws Exception {
    String a = nodeA.endpoints().nodeId();
    String b = nodeB.endpoints().nodeId();
    String bootstrap = nodeA.endpoints().bootstrap();
    String registry = nodeA.endpoints().registry();

    String[] moved = CliRunner.run("migrate", "llamafarm:rag:legal/contracts", "--from", a, "--to", b, "--bootstrap",
        bootstrap, "--registry", registry, "--timeout", "120");

    assertThat(moved[0]).as(moved[1] + moved[2]).isEqualTo("0");
    assertThat(moved[1]).contains("completed: llamafarm:rag:legal/contracts is on " + b);
    Path repo = home.resolve("b-hf/models--unsloth--Tiny-GGUF");
    assertThat(Files.readAllBytes(repo.resolve("snapshots/0a1b2c/Tiny-Q4_K_M.gguf"))).isEqualTo(gguf);
    assertThat(Files.readString(repo.resolve("refs/main"))).isEqualTo("0a1b2c");
    String project = Files.readString(home.resolve("lf-b/projects/legal/contracts/llamafarm.yaml"));
    assertThat(project).contains("unsloth/Tiny-GGUF:Q4_K_M").doesNotContain("clauses"); // A's data stays on A
    try (MeshClient client = new MeshClient(new KafkaConnection(bootstrap, registry, Map.of()), Topics.defaults(),
        keyOf(nodeB))) {
      await().atMost(Duration.ofSeconds(60)).until(() -> client.gradientTable(Duration.ofSeconds(5)).capabilities()
          .stream().anyMatch(c -> c.getNodeId().equals(b)
              && c.getCapabilityId().equals("llamafarm:llm:legal/contracts")));
      RouterReady.awaitRoutable(nodeA.endpoints(), "llamafarm:llm:legal/contracts");
      Instant now = Instant.now();
      var answer = client.submit(Intent.newBuilder().setIntentId("contract-" + now.toEpochMilli()).setOriginNodeId(b)
          .setKind(IntentKind.CHAT).setText("review the indemnity clause of our supplier contract")
          .setConstraints(IntentConstraints.newBuilder().setLocalOnly(true).build()).setCreatedAt(now)
          .setDeadlineAt(now.plusSeconds(60)).build(), Duration.ofSeconds(60)).orElseThrow();
      assertThat(answer.result().getStatus()).as(answer.result().toString()).isEqualTo(WorkStatus.SUCCEEDED);
      assertThat(answer.result().getNodeId()).isEqualTo(b);
      assertThat(answer.result().getCapabilityId()).isEqualTo("llamafarm:llm:legal/contracts");
    }
  }

  @Test
  @Timeout(480) // two JVM starts of a whole node on a busy 2-core machine
  void shouldResumeFromTheVerifiedChunksWhenTheTargetProcessIsKilledHalfWay() throws Exception {
    byte[] big = new byte[16 * 1024 * 1024];
    new Random(16).nextBytes(big);
    Path models = home.resolve("a-models");
    String digest = blob(models, big);
    Path manifest = Files.createDirectories(models.resolve("manifests/registry.ollama.ai/library/big")).resolve("latest");
    Files.writeString(manifest, "{\"schemaVersion\":2,\"layers\":[{\"mediaType\":\"application/vnd.ollama.image.model\","
        + "\"digest\":\"" + digest + "\",\"size\":" + big.length + "}]}");
    Path dir = Files.createDirectories(home.resolve("c"));
    try (FakeOllama ollamaC = new FakeOllama()) {
      Map<String, String> config = Map.ofEntries(Map.entry(KafkaConnection.BOOTSTRAP, nodeA.endpoints().bootstrap()),
          Map.entry(KafkaConnection.REGISTRY, nodeA.endpoints().registry()), Map.entry("router.enabled", "false"),
          Map.entry("scaler.enabled", "false"), Map.entry("monitoring.enabled", "false"),
          Map.entry("gateway.port", "0"), Map.entry("metrics.port", "0"), Map.entry("ollama.host", ollamaC.url()),
          Map.entry("llamafarm.url", "http://127.0.0.1:1"), Map.entry("llamafarm.data.dir", dir.resolve("lf").toString()),
          Map.entry("migration.accept", "true"), Map.entry("migration.chunk_bytes", "1048576"),
          Map.entry("migration.max_mbps", "4"), Map.entry("heartbeat.interval", "500ms"));
      List<Process> started = new java.util.ArrayList<>(); // all stopped at the end, whatever happens
      try {
        Process target = ChildJvm.up(dir, "node-c", config); // a whole node in its own JVM, 16 MB at 4 MB/s
        started.add(target);
        Path endpoints = dir.resolve("node-c/.atmosphere/run/endpoints.properties");
        await().atMost(Duration.ofSeconds(120)).until(() -> Files.exists(endpoints));
        java.util.Properties p = new java.util.Properties();
        try (var in = Files.newInputStream(endpoints)) {
          p.load(in);
        }
        String c = p.getProperty(Endpoints.NODE_ID);
        double servedBefore = served();
        var migrate = java.util.concurrent.CompletableFuture.supplyAsync(() -> CliRunner.run("migrate", "big:latest",
            "--from", nodeA.endpoints().nodeId(), "--to", c, "--bootstrap", nodeA.endpoints().bootstrap(),
            "--registry", nodeA.endpoints().registry(), "--timeout", "180"));
        try {
          await().atMost(Duration.ofSeconds(150)).pollInterval(Duration.ofMillis(50))
              .until(() -> served() - servedBefore >= 6 * 1024 * 1024);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
          List<String> log = Files.readAllLines(dir.resolve("node-c.log"));
          throw new AssertionError("the source served " + (served() - servedBefore) + " bytes in 150 s; the CLI: "
              + (migrate.isDone() ? String.join(" | ", migrate.join()) : "still following") + "; node-c.log ends:\n"
              + String.join("\n", log.subList(Math.max(0, log.size() - 40), log.size())), e);
        }
        target.destroyForcibly().waitFor(); // kill -9 of the target, 6 of 16 MB across
        double servedAtKill = served() - servedBefore;

        started.add(ChildJvm.up(dir, "node-c", config));
        String[] moved = migrate.get(200, java.util.concurrent.TimeUnit.SECONDS);
        double servedInAll = served() - servedBefore;
        System.out.printf("migration resumed after kill -9: %.1f MB served before the kill, %.1f MB in all for a "
            + "%.1f MB model%n", servedAtKill / 1e6, servedInAll / 1e6, big.length / 1e6);
        assertThat(moved[0]).as(moved[1] + moved[2]).isEqualTo("0");
        assertThat(moved[1]).contains("completed: big:latest is on " + c);
        assertThat(ollamaC.blobs().get(digest)).isEqualTo(big);
        assertThat(servedAtKill).isLessThan(big.length);
        assertThat(servedInAll).as("resumed from the verified chunks, not from zero")
            .isLessThan(big.length + 5 * 1024 * 1024);
      } finally {
        for (Process process : started) {
          process.destroy();
          if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly();
          }
        }
      }
    }
  }

  /** What node A (the source) counted as served, in its own registry. */
  private static double served() {
    var counter = nodeA.meters().find("atmosphere.migration.served.bytes").counter();
    return counter == null ? 0 : counter.count();
  }

  /** The node's own key, as an application on its machine reads it (the endpoints file names the directory). */
  private static dev.atmosphere.common.identity.NodeIdentity keyOf(MeshStack node) {
    return dev.atmosphere.common.identity.NodeIdentity.existing(Path.of(node.endpoints().identityDir()),
        node.endpoints().nodeId()).orElseThrow();
  }
}
