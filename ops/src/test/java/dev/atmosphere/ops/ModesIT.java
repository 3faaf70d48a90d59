package dev.atmosphere.ops;

import dev.atmosphere.client.MeshClient;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.atmosphere.common.embed.CachingEmbedder;
import dev.atmosphere.common.embed.Embedder;
import dev.atmosphere.common.embed.MiniLmEmbedder;
import dev.atmosphere.common.kafka.KafkaConnection;
import dev.atmosphere.common.testing.FakeLlamaFarm;
import dev.atmosphere.schemas.topics.Topics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The four operation modes end to end, four nodes in one mesh: a participant (with the broker, registry and
 * router), a provider, a headless node and a standalone node, each in front of its own fake LlamaFarm project.
 */
@Timeout(300)
class ModesIT {

  @TempDir static Path dir;
  private static final Map<String, FakeLlamaFarm> farms = new HashMap<>();
  private static final Map<String, String> namespaces = new HashMap<>();
  private static final Map<String, MeshStack> stacks = new HashMap<>();
  private static final ObjectMapper JSON = new ObjectMapper();

  @BeforeAll
  static void up() {
    Embedder embedder = new CachingEmbedder(new MiniLmEmbedder(), 10_000);
    farm("participant", "legal", "contracts", "You review commercial contracts, clauses, liability and termination.");
    farm("provider", "dev", "coder", "You write and debug source code in Java and Python.");
    farm("headless", "hr", "policies", "You answer questions on vacation days, parental leave and benefits.");
    farm("standalone", "med", "clinical", "You summarise patient records, lab results and medications.");
    MeshStack participant = stack("participant", Map.of(), embedder);
    Map<String, String> join = Map.of(KafkaConnection.BOOTSTRAP, participant.endpoints().bootstrap(),
        KafkaConnection.REGISTRY, participant.endpoints().registry(), "router.enabled", "false",
        "scaler.enabled", "false");
    stack("provider", with(join, "mode", "provider"), embedder);
    stack("headless", with(join, "mode", "headless"), embedder);
    stack("standalone", Map.of("mode", "standalone"), embedder);
    await().atMost(Duration.ofSeconds(90)).until(() -> models("participant").containsAll(List.of(
        "llamafarm:llm:legal/contracts", "llamafarm:llm:dev/coder", "llamafarm:llm:hr/policies")));
    for (String capability : List.of("llamafarm:llm:legal/contracts", "llamafarm:llm:dev/coder",
        "llamafarm:llm:hr/policies")) {
      RouterReady.awaitRoutable(participant.endpoints(), capability);
    }
  }

  private static Map<String, String> with(Map<String, String> base, String k, String v) {
    Map<String, String> m = new HashMap<>(base);
    m.put(k, v);
    return m;
  }

  private static void farm(String node, String ns, String project, String prompt) {
    namespaces.put(node, ns);
    farms.put(node, new FakeLlamaFarm().project(ns, project, FakeLlamaFarm.projectConfig(ns, project, "m", "qwen3:8b",
        project + " assistant: " + prompt, prompt, List.of())));
  }

  private static MeshStack stack(String node, Map<String, String> extra, Embedder embedder) {
    Map<String, String> overrides = new HashMap<>(extra);
    overrides.putAll(Map.of("node.name", node, "embedded.kafka.port", "0", "embedded.registry.port", "0",
        "gateway.port", "0", "ollama.host", "http://127.0.0.1:1", "discovery.interval", "500ms",
        "heartbeat.interval", "500ms", "builtin.embeddings", "false", "data.dir", dir.resolve(node).toString(),
        "router.application.id", "router-" + node));
    overrides.put("llamafarm.namespaces", namespaces.get(node));
    MeshStack stack = MeshStack.start(dir, dir.resolve("absent.properties"),
        Map.of("LLAMAFARM_URL", farms.get(node).url(), "LF_DATA_DIR", dir.resolve("lf-" + node).toString()),
        overrides, embedder);
    stacks.put(node, stack);
    return stack;
  }

  @AfterAll
  static void down() {
    List.of("standalone", "headless", "provider", "participant").forEach(n -> {
      if (stacks.containsKey(n)) {
        stacks.get(n).close();
      }
    });
    farms.values().forEach(FakeLlamaFarm::close);
  }

  private static List<String> models(String node) throws Exception {
    JsonNode list = JSON.readTree(get(node, "/models").body());
    return list.path("data").findValuesAsText("id");
  }

  private static HttpResponse<String> get(String node, String path) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(stacks.get(node).endpoints()
        .gatewayUrl() + path)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> post(String node, String path, String body) throws Exception {
    String base = stacks.get(node).endpoints().gatewayUrl();
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + path))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> chat(String node, String text) throws Exception {
    return post(node, "/chat/completions", "{\"model\":\"auto\",\"messages\":[{\"role\":\"user\",\"content\":\""
        + text + "\"}]}");
  }

  private static String nodeOf(HttpResponse<String> response) throws Exception {
    return JSON.readTree(response.body()).at("/atmosphere/node").asText();
  }

  @Test
  void shouldRouteAParticipantsRequestAnywhereInTheMesh() throws Exception {
    HttpResponse<String> r = chat("participant", "write a Python function and debug its source code");

    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(nodeOf(r)).isEqualTo(stacks.get("provider").endpoints().nodeId());
  }

  @Test
  void shouldKeepAProvidersOwnRequestsOnItsOwnCapabilities() throws Exception {
    HttpResponse<String> r = chat("provider", "review the liability and termination clauses of this contract");

    if (r.statusCode() == 200) {
      assertThat(nodeOf(r)).isEqualTo(stacks.get("provider").endpoints().nodeId());
    } else {
      assertThat(r.statusCode()).isEqualTo(503);
    }
    assertThat(farms.get("participant").requests("/v1/projects/legal/contracts/chat"))
        .noneMatch(req -> req.body().contains("liability and termination clauses"));
  }

  @Test
  void shouldServeMeshWorkButNoLocalApiWhenHeadless() throws Exception {
    assertThat(stacks.get("headless").endpoints().gatewayUrl()).isNull();

    HttpResponse<String> r = chat("participant", "how many vacation days and parental leave benefits do I get");

    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(nodeOf(r)).isEqualTo(stacks.get("headless").endpoints().nodeId());
  }

  @Test
  void shouldServeLocallyWithoutAnyMeshWhenStandalone() throws Exception {
    assertThat(stacks.get("standalone").endpoints().bootstrap()).isEmpty();

    HttpResponse<String> r = chat("standalone", "summarise the patient lab results and medications");

    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(JSON.readTree(r.body()).at("/choices/0/message/content").asText()).startsWith("answer from med/clinical");
    assertThat(models("participant")).doesNotContain("llamafarm:llm:med/clinical");
    try (MeshClient client = new MeshClient(new KafkaConnection(stacks.get("participant").endpoints()
        .bootstrap(), stacks.get("participant").endpoints().registry(),
        Map.of()), Topics.defaults())) {
      assertThat(client.gradientTable(Duration.ofSeconds(10)).nodes())
          .doesNotContainKey(stacks.get("standalone").endpoints().nodeId());
    }
  }

  @Test
  void shouldDescribeTheNodeInTheDesignsCapabilityContract() throws Exception {
    JsonNode body = JSON.readTree(get("participant", "/atmosphere/capabilities").body());

    assertThat(body.get("node_id").asText()).isEqualTo(stacks.get("participant").endpoints().nodeId());
    assertThat(body.get("timestamp").asLong()).isPositive();
    assertThat(body.get("capabilities").get(0).get("id").asText()).isEqualTo("llamafarm:llm:legal/contracts");
    assertThat(body.get("capabilities").get(0).get("metadata").get("provider").asText()).isEqualTo("llamafarm");
    assertThat(body.at("/config/mode").asText()).isEqualTo("participant");
    assertThat(body.at("/config/max_concurrent_requests").asInt()).isEqualTo(4);
    assertThat(body.at("/resources/queue_depth").asInt()).isZero();
  }

  @Test
  void shouldExecuteToolsOnThisNodeAndNameTheFieldOfABadRequest() throws Exception {
    HttpResponse<String> chat = post("participant", "/tools/execute", "{\"tool_name\":\"llamafarm_chat\",\"params\":"
        + "{\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}]},\"context\":{\"request_id\":\"req-1\"}}");
    HttpResponse<String> missing = post("participant", "/tools/execute", "{\"params\":{}}");
    HttpResponse<String> unknown = post("participant", "/tools/execute", "{\"tool_name\":\"rm_rf\",\"params\":{}}");
    HttpResponse<String> noPrompt = post("participant", "/tools/execute",
        "{\"tool_name\":\"llamafarm_generate\",\"params\":{}}");

    JsonNode ok = JSON.readTree(chat.body());
    assertThat(ok.get("success").asBoolean()).isTrue();
    assertThat(ok.at("/data/choices/0/message/content").asText()).isEqualTo("answer from legal/contracts to: hello");
    assertThat(ok.get("duration_ms").asLong()).isNotNegative();
    assertThat(ok.at("/metadata/node_id").asText()).isEqualTo(stacks.get("participant").endpoints().nodeId());
    assertThat(missing.statusCode()).isEqualTo(400);
    assertThat(missing.body()).contains("\"param\":\"tool_name\"");
    assertThat(unknown.statusCode()).isEqualTo(400);
    assertThat(unknown.body()).contains("unknown tool 'rm_rf'");
    assertThat(noPrompt.statusCode()).isEqualTo(400);
    assertThat(noPrompt.body()).contains("\"param\":\"params.prompt\"");
  }
}
