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
import dev.atmosphere.ops.cli.AtmosphereCli;
import dev.atmosphere.ops.embedded.EmbeddedKafka;
import dev.atmosphere.ops.embedded.EmbeddedRegistry;
import dev.atmosphere.client.PlanClient;
import dev.atmosphere.router.RouterConfig;
import dev.atmosphere.router.RouterService;
import dev.atmosphere.router.plan.PlanTemplates;
import dev.atmosphere.schemas.Intent;
import dev.atmosphere.schemas.IntentConstraints;
import dev.atmosphere.schemas.IntentKind;
import dev.atmosphere.schemas.Plan;
import dev.atmosphere.schemas.PlanResult;
import dev.atmosphere.schemas.PlanStatus;
import dev.atmosphere.schemas.UnitOutcome;
import dev.atmosphere.schemas.UnitStatus;
import dev.atmosphere.schemas.WorkResult;
import dev.atmosphere.schemas.topics.Topics;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Work plans, batch summaries and the semantic cache through the real broker, registry, router and executors. Node
 * a serves legal contracts and a general assistant, node b code and the same general assistant, so units route by
 * meaning to different nodes and general units can fail over.
 */
@Timeout(300)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PlansAndCacheIT {

  @TempDir static Path dir;
  private static EmbeddedKafka kafka;
  private static EmbeddedRegistry registry;
  private static RouterService router;
  private static Settings routerSettings;
  private static Embedder embedder;
  private static final Map<String, FakeLlamaFarm> farms = new HashMap<>();
  private static final Map<String, String> ids = new HashMap<>();
  private static final Map<String, NodeIdentity> identities = new HashMap<>();
  private static final List<AutoCloseable> running = new java.util.ArrayList<>();
  private static PlanClient plans;
  private static KafkaConnection connection;

  @BeforeAll
  static void up() {
    kafka = EmbeddedKafka.start(dir.resolve("kafka"), 0);
    registry = EmbeddedRegistry.start(EmbeddedRegistry.locateJar(Path.of("..").toAbsolutePath().normalize()), 0,
        dir.resolve("registry.log"), Duration.ofSeconds(90));
    connection = new KafkaConnection(kafka.bootstrapServers(), registry.ccompatUrl(), Map.of());
    embedder = new CachingEmbedder(new MiniLmEmbedder(), 10_000);
    Map<String, String> common = new HashMap<>(Map.of(KafkaConnection.BOOTSTRAP, kafka.bootstrapServers(),
        KafkaConnection.REGISTRY, registry.ccompatUrl(), "router.state.dir", dir.resolve("router").toString(),
        "ollama.host", "http://127.0.0.1:1", "heartbeat.interval", "300ms", "heartbeat.ttl", "1500ms",
        "discovery.interval", "500ms", "router.cache.ttl", "6s", "router.cache.sweep.interval", "1s"));
    common.put("kafka.client.session.timeout.ms", "10000"); // a restarted router waits out its predecessor's session
    common.put("builtin.embeddings", "false");
    routerSettings = Settings.of(common);
    router = new RouterService(RouterConfig.from(routerSettings), embedder, new io.micrometer.core.instrument.simple.SimpleMeterRegistry()).start();
    FakeLlamaFarm a = new FakeLlamaFarm().answerPrefix("a says").project("legal", "contracts", projectConfig("legal",
            "contracts", "reviewer", "qwen3:8b", "Legal contract analysis", "You are a lawyer who reviews commercial "
                + "contracts, clauses, indemnity, liability and termination terms.", List.of()))
        .project("general", "assistant", general());
    FakeLlamaFarm b = new FakeLlamaFarm().answerPrefix("b says").project("dev", "coder", projectConfig("dev", "coder",
            "coder", "qwen2.5-coder:7b", "Programming assistant", "You are a senior software engineer: you write, "
                + "explain and debug source code in Java, Python and SQL.", List.of()))
        .project("general", "assistant", general());
    startNode("a-node", a, "legal,general", common);
    startNode("b-node", b, "dev,general", common);
    plans = new PlanClient(connection, Topics.defaults());
    for (String cap : List.of("llamafarm:llm:legal/contracts", "llamafarm:llm:dev/coder",
        "llamafarm:llm:general/assistant")) {
      RouterReady.awaitRoutable(new Endpoints(Map.of(KafkaConnection.BOOTSTRAP, kafka.bootstrapServers(),
          KafkaConnection.REGISTRY, registry.ccompatUrl())), cap);
    }
  }

  private static Map<String, Object> general() {
    return projectConfig("general", "assistant", "m", "llama3.1:8b", "General assistant",
        "You answer everyday questions, combine and compare texts, and write summaries.", List.of());
  }

  private static void startNode(String name, FakeLlamaFarm farm, String namespaces, Map<String, String> common) {
    NodeIdentity identity = NodeIdentity.ephemeral(name, java.util.Optional.empty());
    ids.put(name, identity.nodeId());
    identities.put(name, identity);
    farms.put(name, farm);
    Map<String, String> values = new HashMap<>(common);
    values.put("node.id", identity.nodeId());
    values.put("llamafarm.url", farm.url());
    values.put("llamafarm.namespaces", namespaces);
    Settings s = Settings.of(values);
    NodeExecutor executor = new NodeExecutor(ExecutorConfig.from(s, Map.of()), identity, embedder, Clock.systemUTC(), new io.micrometer.core.instrument.simple.SimpleMeterRegistry()).start();
    running.add(executor);
    running.add(new NodeAgent(IngestConfig.from(s, Map.of()), identity, embedder, LoadSource.idle(4),
        Clock.systemUTC()).start());
  }

  @AfterAll
  static void down() throws Exception {
    if (plans != null) {
      plans.close();
    }
    for (AutoCloseable c : running) {
      c.close();
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

  /** Legal and code units in parallel, then a merge; never from the cache, so every unit really runs. */
  private static Plan contractAndCode(String id) {
    return Plan.newBuilder(PlanTemplates.plan(id, "review", List.of(
        PlanTemplates.unit("legal", "review the indemnity and termination clauses of this supplier contract", List.of()),
        PlanTemplates.unit("code", "debug this Java method that throws a NullPointerException", List.of()),
        PlanTemplates.unit("merge", "combine these two notes into one summary: {{legal}} / {{code}}",
            List.of("legal", "code"))), Instant.now())).setCache(dev.atmosphere.schemas.CacheMode.BYPASS).build();
  }

  private static PlanResult run(Plan plan) {
    return run(plans, plan);
  }

  private static PlanResult run(PlanClient plans, Plan plan) {
    return plans.run(List.of(plan), 1, Duration.ofSeconds(90), new PlanClient.Progress() {
      @Override
      public void unitFinished(String planId, WorkResult unit) { }

      @Override
      public void planFinished(PlanResult result) { }
    }).get(plan.getPlanId());
  }

  private static UnitOutcome unit(PlanResult r, String id) {
    return r.getUnits().stream().filter(u -> u.getUnitId().equals(id)).findFirst().orElseThrow();
  }

  @Test
  @Order(1)
  void shouldRunUnitsOnTheNodesTheirMeaningPicksAndMergeAfterBoth() {
    PlanResult result = run(contractAndCode("plan-deps"));

    assertThat(result.getStatus()).isEqualTo(PlanStatus.SUCCEEDED);
    assertThat(unit(result, "legal").getNodeId()).isEqualTo(ids.get("a-node"));
    assertThat(unit(result, "legal").getCapabilityId()).isEqualTo("llamafarm:llm:legal/contracts");
    assertThat(unit(result, "code").getNodeId()).isEqualTo(ids.get("b-node"));
    assertThat(result.getOutput()).as("merge saw both outputs")
        .contains("a says from legal/contracts").contains("b says from dev/coder");
  }

  @Test
  @Order(2)
  void shouldKeepEveryUnitOfASignedLocalOnlyPlanOnItsPostersNode() {
    PlanResult result;
    try (PlanClient fromA = new PlanClient(connection, Topics.defaults(), identities.get("a-node"), true)) {
      result = run(fromA, contractAndCode("plan-local"));
    }

    assertThat(result.getStatus()).isEqualTo(PlanStatus.SUCCEEDED);
    assertThat(result.getUnits()).extracting(UnitOutcome::getNodeId).as("the coding step too")
        .containsOnly(ids.get("a-node"));
  }

  @Test
  @Order(2)
  void shouldRunNoUnitOfALocalOnlyPlanWhoseOriginIsNotProven() {
    Plan claimed = Plan.newBuilder(contractAndCode("plan-claimed")).setOriginNodeId(ids.get("a-node"))
        .setConstraints(dev.atmosphere.schemas.IntentConstraints.newBuilder().setLocalOnly(true).build()).build();

    PlanResult result = run(claimed); // the anonymous client: nothing signed

    assertThat(result.getStatus()).isEqualTo(PlanStatus.FAILED);
    assertThat(result.getUnits()).extracting(UnitOutcome::getNodeId).containsOnlyNulls();
    assertThat(List.of(unit(result, "legal"), unit(result, "code"))).extracting(UnitOutcome::getError)
        .allSatisfy(e -> assertThat(e).contains("its origin is not proven"));
  }

  @Test
  @Order(2)
  void shouldFailAUnitOverToTheOtherNodeWhenItsFirstNodeAnswers500() {
    farms.get("a-node").failNextChats(1, 500);
    Plan plan = PlanTemplates.plan("plan-failover", "general", List.of(PlanTemplates.unit("q",
        "write a friendly reminder email about tomorrow's team lunch", List.of())), Instant.now());
    plan = Plan.newBuilder(plan).setUnits(List.of(dev.atmosphere.schemas.PlanUnit.newBuilder(plan.getUnits().get(0))
        .setPinnedCapabilityId("llamafarm:llm:general/assistant").build())).build();

    PlanResult result = run(plan);

    assertThat(result.getStatus()).isEqualTo(PlanStatus.SUCCEEDED);
    assertThat(unit(result, "q").getAttempts()).isEqualTo(2);
    assertThat(unit(result, "q").getNodeId()).isEqualTo(ids.get("b-node"));
  }

  @Test
  @Order(3)
  void shouldResumeAPlanAfterARouterRestartWithoutRedoingFinishedUnits() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    farms.get("b-node").holdChats(release);
    CountDownLatch legalDone = new CountDownLatch(1);
    int before = farms.get("a-node").chatsStarted() + farms.get("b-node").chatsStarted();
    CompletableFuture<PlanResult> pending = CompletableFuture.supplyAsync(() -> plans.run(
        List.of(contractAndCode("plan-restart")), 1, Duration.ofSeconds(150), new PlanClient.Progress() {
          @Override
          public void unitFinished(String planId, WorkResult unit) {
            if (unit.getIntentId().endsWith("~legal")) {
              legalDone.countDown();
            }
          }

          @Override
          public void planFinished(PlanResult result) { }
        }).get("plan-restart"));
    assertThat(legalDone.await(60, TimeUnit.SECONDS)).isTrue();          // legal done, code held on node b

    router.close();
    router = new RouterService(RouterConfig.from(routerSettings), embedder, new io.micrometer.core.instrument.simple.SimpleMeterRegistry()).start();
    farms.get("b-node").holdChats(null);
    release.countDown();

    PlanResult result = pending.get(150, TimeUnit.SECONDS);
    assertThat(result.getStatus()).as(result.toString()).isEqualTo(PlanStatus.SUCCEEDED);
    assertThat(result.getUnits()).extracting(UnitOutcome::getStatus).containsOnly(UnitStatus.SUCCEEDED);
    int after = farms.get("a-node").chatsStarted() + farms.get("b-node").chatsStarted();
    assertThat(after - before).as("legal, code and merge each ran once").isEqualTo(3);
  }

  private static WorkResult ask(String id, String text) {
    try (MeshClient client = new MeshClient(connection, Topics.defaults())) {
      Instant now = Instant.now();
      return client.submit(Intent.newBuilder().setIntentId(id).setKind(IntentKind.CHAT).setText(text)
              .setPinnedCapabilityId("llamafarm:llm:general/assistant")
              .setConstraints(IntentConstraints.newBuilder().build()).setCreatedAt(now).build(),
          Duration.ofSeconds(60)).orElseThrow().result();
    }
  }

  private static int chats() {
    return farms.get("a-node").chatsStarted() + farms.get("b-node").chatsStarted();
  }

  @Test
  @Order(4)
  void shouldAnswerAParaphraseFromTheCacheAndRunANegatedNearMiss() {
    WorkResult first = ask("c-1", "What is the capital of France?");
    int executed = chats();
    WorkResult paraphrase = ask("c-2", "What's the capital of France?");
    WorkResult negated = ask("c-3", "Which foods are safe for dogs?");
    WorkResult nearMiss = ask("c-4", "Which foods are not safe for dogs?");

    assertThat(first.getCacheHit()).isFalse();
    assertThat(paraphrase.getCacheHit()).isTrue();
    assertThat(paraphrase.getOutput()).isEqualTo(first.getOutput());
    assertThat(paraphrase.getCacheSimilarity()).isGreaterThan(0.95);
    assertThat(negated.getCacheHit()).isFalse();
    assertThat(nearMiss.getCacheHit()).isFalse();
    assertThat(nearMiss.getOutput()).endsWith("Which foods are not safe for dogs?");
    assertThat(chats() - executed).as("paraphrase served without a backend call; the other two ran").isEqualTo(2);
  }

  @Test
  @Order(5)
  void shouldStopServingAnEntryWhenItsTtlRunsOut() {
    WorkResult stored = ask("ttl-1", "How many moons does Mars have?");
    Instant storedAt = stored.getTimings().getFinishedAt();
    int[] probe = {0};
    await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(500))
        .until(() -> !ask("ttl-p" + probe[0]++, "How many moons does Mars have ?").getCacheHit());

    assertThat(probe[0]).as("served from the cache before it expired").isGreaterThan(1);
    assertThat(Duration.between(storedAt, Instant.now())).isGreaterThanOrEqualTo(Duration.ofSeconds(6));
  }

  @Test
  @Order(6)
  void shouldInvalidateEntriesWhenTheCapabilityThatAnsweredChanges() {
    WorkResult stored = ask("inv-1", "Suggest a name for a black cat");
    assertThat(ask("inv-2", "Suggest a name for a black cat!").getCacheHit()).isTrue();
    String node = stored.getNodeId().equals(ids.get("a-node")) ? "a-node" : "b-node";

    farms.get(node).project("general", "assistant", projectConfig("general", "assistant", "m", "llama3.1:70b",
        "General assistant, larger model", "You answer everyday questions in depth.", List.of()));

    int[] probe = {0};
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
        .until(() -> !ask("inv-p" + probe[0]++, "Suggest a name for a black cat!").getCacheHit());
  }

  @Test
  @Order(7)
  void shouldSummariseADirectoryWithAProgressBarAndWriteTheReport() throws Exception {
    Path docs = Files.createDirectories(dir.resolve("docs"));
    Files.writeString(docs.resolve("supply.md"), "# Supply\n\nThe supplier delivers within thirty days.\n");
    Files.writeString(docs.resolve("lease.txt"), ("The tenant pays rent monthly and keeps the flat in good repair. "
        .repeat(40) + "\n\n").repeat(3));
    Files.writeString(docs.resolve("scan.pdf"), "%PDF-1.4");
    Path report = dir.resolve("report.md");
    StringWriter err = new StringWriter();
    StringWriter out = new StringWriter();

    int code = AtmosphereCli.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute("batch", "summarize", docs.toString(), "--compare", "--out", report.toString(),
            "--chunk-tokens", "400", "--bootstrap", kafka.bootstrapServers(), "--registry", registry.ccompatUrl());

    assertThat(code).as(err.toString()).isZero();
    assertThat(err.toString()).contains("skipped " + docs.resolve("scan.pdf")).containsPattern(
        "\\[#+] \\d+/\\d+ units, 0 failed").contains("report written to");
    String md = Files.readString(report);
    assertThat(md).contains("- documents: 2, summarised: 2").contains("## Comparison").contains("### "
        + docs.resolve("lease.txt")).contains("Combine these summaries of the").doesNotContain("_no result");
    assertThat(md).contains(".pdf is not read");
  }
}
