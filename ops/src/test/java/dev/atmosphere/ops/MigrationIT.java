package dev.atmosphere.ops;

import dev.atmosphere.client.MeshClient;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.atmosphere.common.embed.CachingEmbedder;
import dev.atmosphere.common.embed.MiniLmEmbedder;
import dev.atmosphere.common.kafka.KafkaConnection;
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
    var embedder = new CachingEmbedder(new MiniLmEmbedder(), 5_000);
    nodeA = MeshStack.start(home.resolve("a"), home.resolve("absent.properties"),
        Map.of("LLAMAFARM_URL", "http://127.0.0.1:1", "LF_DATA_DIR", home.resolve("lf").toString()),
        Map.ofEntries(Map.entry("node.name", "node-a"), Map.entry("embedded.kafka.port", "0"),
            Map.entry("embedded.registry.port", "0"), Map.entry("gateway.port", "0"),
            Map.entry("ollama.host", ollamaA.url()), Map.entry("ollama.models.dir", models.toString()),
            Map.entry("migration.serve", "true"), Map.entry("migration.chunk_bytes", "1048576"),
            Map.entry("router.migration.enabled", "true"),
            Map.entry("discovery.interval", "500ms"), Map.entry("heartbeat.interval", "500ms"),
            Map.entry("monitoring.enabled", "false"), Map.entry("metrics.port", "0")), embedder);
    nodeB = MeshStack.start(home.resolve("b"), home.resolve("absent.properties"),
        Map.of("LLAMAFARM_URL", "http://127.0.0.1:1", "LF_DATA_DIR", home.resolve("lf").toString()),
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
    for (AutoCloseable c : new AutoCloseable[] {nodeB, nodeA, ollamaA, ollamaB}) {
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

  /** The node's own key, as an application on its machine reads it (the endpoints file names the directory). */
  private static dev.atmosphere.common.identity.NodeIdentity keyOf(MeshStack node) {
    return dev.atmosphere.common.identity.NodeIdentity.existing(Path.of(node.endpoints().identityDir()),
        node.endpoints().nodeId()).orElseThrow();
  }
}
