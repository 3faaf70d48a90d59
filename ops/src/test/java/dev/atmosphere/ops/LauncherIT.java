package dev.atmosphere.ops;

import dev.atmosphere.client.MeshClient;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.atmosphere.common.embed.MiniLmEmbedder;
import dev.atmosphere.common.testing.FakeLlamaFarm;
import dev.atmosphere.ops.cli.AtmosphereCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The launcher path a new user takes: {@link MeshStack} starts the embedded broker, registry, router, agent and
 * executor with a LlamaFarm on {@code LLAMAFARM_URL}; the CLI then finds the mesh through the endpoints file and
 * {@code intent --json} prints a SUCCEEDED result produced by that LlamaFarm.
 */
@Timeout(240)
class LauncherIT {

  @TempDir static Path home;
  private static LauncherHome launcher;
  private static FakeLlamaFarm farm;
  private static MeshStack stack;

  @BeforeAll
  static void up() throws Exception {
    launcher = new LauncherHome(home);
    farm = launcher.farm;
    stack = launcher.start(new MiniLmEmbedder());
    RouterReady.awaitRoutable(stack.endpoints(), "llamafarm:llm:default/contracts");
  }

  @AfterAll
  static void down() {
    if (stack != null) {
      stack.close();
    }
    if (launcher != null) {
      launcher.close();
    }
  }

  private static String[] run(String... args) {
    return CliRunner.run(args);
  }

  @Test
  void shouldPrintASucceededResultFromLlamaFarmWhenPostingAnIntentWithJson() throws Exception {
    assertThat(Files.readString(Endpoints.file(home.resolve(".atmosphere")))).contains("node.id=laptop");
    await().atMost(java.time.Duration.ofSeconds(60)).until(() -> run("capabilities")[1]
        .contains("llamafarm:llm:default/contracts"));

    String[] result = run("intent", "--json", "review the indemnity clause of this contract");

    assertThat(result[0]).as(result[2]).isEqualTo("0");
    JsonNode json = new ObjectMapper().readTree(result[1]);
    assertThat(json.at("/result/status").asText()).isEqualTo("SUCCEEDED");
    assertThat(json.at("/result/output").asText())
        .isEqualTo("stand-in says from default/contracts to: review the indemnity clause of this contract");
    assertThat(json.at("/route/chosenCapabilityId").asText()).isEqualTo("llamafarm:llm:default/contracts");
    assertThat(json.at("/result/nodeId").asText()).matches("laptop-[0-9a-f]{16}");
  }

  @Test
  void shouldListCapabilitiesAndNodesAsAlignedTables() {
    await().atMost(java.time.Duration.ofSeconds(60)).until(() -> run("capabilities")[1]
        .contains("llamafarm:llm:default/contracts"));

    String capabilities = run("capabilities")[1];
    String nodes = run("nodes")[1];

    assertThat(capabilities.lines().findFirst().orElseThrow()).matches("NODE\\s+CAPABILITY\\s+TYPE\\s+ALIVE\\s+DESCRIPTION");
    assertThat(capabilities).containsPattern("laptop-[0-9a-f]{16}\\s+builtin:embeddings:all-MiniLM-L6-v2\\s+embeddings\\s+yes");
    assertThat(nodes).containsPattern("laptop-[0-9a-f]{16}\\s+yes\\s+0\\.00");
  }

  private static void awaitCapability() {
    await().atMost(java.time.Duration.ofSeconds(60)).until(() -> run("capabilities")[1]
        .contains("llamafarm:llm:default/contracts"));
  }

  @Test
  void shouldExplainTheRouteWithEveryCandidateWithoutExecutingAnything() throws Exception {
    awaitCapability();
    int chatsBefore = farm.requests("/v1/projects/default/contracts/chat").size();

    String[] human = run("route", "--explain", "check the indemnity clause of this contract");
    String[] json = run("route", "--json", "check the indemnity clause of this contract");

    assertThat(human[0]).isEqualTo("0");
    assertThat(human[1]).contains("→ llamafarm:llm:default/contracts on laptop")
        .containsPattern("CAPABILITY\\s+NODE\\s+OK\\s+SIMILARITY")
        .containsPattern("builtin:embeddings:all-MiniLM-L6-v2\\s+laptop-[0-9a-f]{16}\\s+no .*type EMBEDDINGS cannot serve a CHAT intent");
    JsonNode tree = new ObjectMapper().readTree(json[1]);
    assertThat(tree.get("chosen").asText()).isEqualTo("llamafarm:llm:default/contracts");
    assertThat(tree.get("candidates")).hasSizeGreaterThanOrEqualTo(2);
    assertThat(farm.requests("/v1/projects/default/contracts/chat")).hasSize(chatsBefore);
    String[] general = run("route", "--explain", "what is the capital of France");
    assertThat(general[1]).as("nothing is relevant: the table marks every row below threshold, the line says why")
        .contains("→ llamafarm:llm:default/contracts", "why: fallback: nothing above threshold 0.12");
  }

  @Test
  void shouldPrintTheAnswerAsItStreamsWhenAskedTo() {
    awaitCapability();

    String[] result = run("intent", "--stream", "summarise the warranty clause of this contract");

    assertThat(result[0]).isEqualTo("0");
    assertThat(result[1]).startsWith("stand-in says from default/contracts to: summarise the warranty clause")
        .containsPattern("\\(llamafarm:llm:default/contracts on laptop-[0-9a-f]{16},");
  }

  @Test
  void shouldReportEveryComponentHealthyWhenTheStackIsUp() {
    awaitCapability();

    String[] status = run("status");

    assertThat(status[0]).as(status[1] + status[2]).isEqualTo("0");
    assertThat(status[1]).containsPattern("broker\\s+yes").containsPattern("registry\\s+yes")
        .containsPattern("router\\s+yes\\s+1 instance").containsPattern("node laptop-[0-9a-f]{16}\\s+yes\\s+alive");
  }

  @Test
  void shouldFollowResultsLiveWhenTailing() throws Exception {
    awaitCapability();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = AtmosphereCli.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    java.util.concurrent.CompletableFuture<Integer> tail = java.util.concurrent.CompletableFuture.supplyAsync(
        () -> cli.execute("tail", "results", "--max", "1", "--timeout", "60"));
    await().atMost(java.time.Duration.ofSeconds(20)).until(() -> err.toString().contains("following"));

    run("intent", "what is the notice period in this contract");

    assertThat(tail.get(90, java.util.concurrent.TimeUnit.SECONDS)).isZero();
    assertThat(out.toString()).contains("SUCCEEDED", "llamafarm:llm:default/contracts on laptop");
  }

  @Test
  void shouldAnswerTheExampleProducerThroughKafkaAlone() throws Exception {
    awaitCapability();
    var endpoints = stack.endpoints();

    var result = dev.atmosphere.ops.examples.IntentProducerExample.ask(endpoints.bootstrap(),
        endpoints.registry(), "list the obligations in this contract", java.time.Duration.ofSeconds(60));

    assertThat(result.getStatus().name()).isEqualTo("SUCCEEDED");
    assertThat(result.getOutput()).isEqualTo("stand-in says from default/contracts to: list the obligations in this contract");
  }

  @Test
  void shouldExplainThatAFollowUpGoesBackToTheNodeThatAnsweredTheConversationsLastTurn() throws Exception {
    awaitCapability();
    // bypass: a turn answered from the semantic cache is not remembered (no model holds that conversation), and an
    // earlier test asked nearly this
    String[] first = run("intent", "--json", "--cache", "bypass", "list the obligations of the supplier in this contract");
    String answer = new ObjectMapper().readTree(first[1]).at("/result/output").asText();
    Path conversation = home.resolve("conversation.json");
    java.nio.file.Files.writeString(conversation, new ObjectMapper().writeValueAsString(java.util.List.of(
        java.util.Map.of("role", "user", "content", "list the obligations of the supplier in this contract"),
        java.util.Map.of("role", "assistant", "content", answer))));

    // the answered turn reaches every router through the compacted affinity topic
    org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60)).untilAsserted(() ->
        assertThat(run("route", "--explain", "--conversation", conversation.toString(),
            "and which of them end first?")[1])
            .contains("why: affinity: the conversation's previous turn was answered here"));
    String[] stranger = run("route", "--explain", "and which of them end first?");
    String[] broken = run("route", "--conversation", home.resolve("nosuch.json").toString(), "and then?");

    assertThat(first[0]).as(first[2]).isEqualTo("0");
    assertThat(stranger[1]).as("the same words outside the conversation").doesNotContain("affinity");
    assertThat(broken[0]).isEqualTo("2");
    assertThat(broken[2]).contains("--conversation", "nosuch.json");
  }

  @Test
  void shouldRecordAPersonsFeedbackOnARouteForTheRoutersToLearnFrom() throws Exception {
    String[] posted = run("intent", "--json", "who may terminate this agreement and when");
    String intentId = new ObjectMapper().readTree(posted[1]).at("/result/intentId").asText();

    String[] typo = run("feedback", intentId, "wrong", "--should-be", "llamafarm:llm:default/nosuch");
    String[] noted = run("feedback", intentId, "wrong", "--should-be", "builtin:embeddings:all-MiniLM-L6-v2");
    String[] bad = run("feedback", intentId, "maybe");

    assertThat(typo[0]).as("a capability not on the mesh is not learned as a destination").isEqualTo("2");
    assertThat(typo[2]).contains("--should-be llamafarm:llm:default/nosuch is no capability of the mesh");
    assertThat(noted[0]).as(noted[2]).isEqualTo("0");
    assertThat(noted[1]).contains("was wrong; should be builtin:embeddings:all-MiniLM-L6-v2");
    assertThat(bad[0]).isEqualTo("2");
    var endpoints = stack.endpoints();
    try (MeshClient client = new MeshClient(new dev.atmosphere.common.kafka.KafkaConnection(
            endpoints.bootstrap(), endpoints.registry(), java.util.Map.of()),
        dev.atmosphere.schemas.topics.Topics.defaults());
        var consumer = client.tailConsumer()) {
      var parts = MeshClient.partitions(consumer, "atmosphere.feedback");
      consumer.assign(parts);
      consumer.seekToBeginning(parts);
      java.util.List<dev.atmosphere.schemas.RouteFeedback> seen = new java.util.ArrayList<>();
      org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).until(() -> {
        consumer.poll(java.time.Duration.ofMillis(200)).forEach(r -> seen.add(client.serdes()
            .serde(dev.atmosphere.schemas.RouteFeedback.class).deserializer().deserialize(r.topic(), r.value())));
        return !seen.isEmpty();
      });
      assertThat(seen).singleElement().satisfies(f -> {
        assertThat(f.getIntentId()).isEqualTo(intentId);
        assertThat(f.getText()).isEqualTo("who may terminate this agreement and when");
        assertThat(f.getGood()).isFalse();
        assertThat(f.getShouldBe()).isEqualTo("builtin:embeddings:all-MiniLM-L6-v2");
      });
    }
    // every router learns it from the topic: the explanation shows the word's weight against the contracts project
    org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60)).untilAsserted(() ->
        assertThat(run("route", "--explain", "who may terminate this agreement and when")[1])
            .containsPattern("SIMILARITY\\s+LEARNED")
            .containsPattern("llamafarm:llm:default/contracts\\s+\\S+\\s+\\S+\\s+-?[0-9.]+\\s+-1\\.000"));
  }

  @Test
  void shouldExposeEveryMetricTheDashboardQueriesAndTraceAnIntentsPath() throws Exception {
    awaitCapability();
    String[] posted = run("intent", "--json", "what does the warranty clause of this contract cover");
    String intentId = new ObjectMapper().readTree(posted[1]).at("/result/intentId").asText();

    String url = stack.endpoints().metricsUrl().orElseThrow();
    String scrape = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
        java.net.URI.create(url)).build(), java.net.http.HttpResponse.BodyHandlers.ofString()).body();
    for (String metric : dev.atmosphere.ops.compose.ComposeFileTest.dashboardMetrics()) {
      assertThat(scrape).as("the dashboard queries " + metric).containsPattern("(?m)^" + metric + "[{ ]");
    }
    assertThat(scrape).containsPattern("(?m)^atmosphere_routes_total\\{outcome=\"routed\"} [1-9]");

    String[] trace = run("trace", intentId);
    assertThat(trace[0]).as(trace[2]).isEqualTo("0");
    assertThat(trace[1]).contains("atmosphere.intents").contains("route: attempt 1 → llamafarm:llm:default/contracts")
        .contains("atmosphere.work.laptop-").contains("attempt: SUCCEEDED").contains("result: SUCCEEDED");
    assertThat(trace[1].lines().map(l -> l.replaceAll(".* ms  (\\S+) .*", "$1")).toList()).as("in path order")
        .containsSubsequence("atmosphere.intents", "atmosphere.routes", "atmosphere.attempts", "atmosphere.results");
  }
}
