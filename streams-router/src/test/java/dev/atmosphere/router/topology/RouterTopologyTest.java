package dev.atmosphere.router.topology;

import static dev.atmosphere.schemas.fixtures.Fixtures.alive;
import static dev.atmosphere.schemas.fixtures.Fixtures.capability;
import static dev.atmosphere.schemas.fixtures.Fixtures.intent;
import static org.assertj.core.api.Assertions.assertThat;

import dev.atmosphere.common.config.Settings;
import dev.atmosphere.common.embed.CachingEmbedder;
import dev.atmosphere.common.embed.Embedder;
import dev.atmosphere.common.embed.MiniLmEmbedder;
import dev.atmosphere.common.identity.NodeIdentity;
import java.util.HashMap;
import java.util.Optional;
import dev.atmosphere.router.RouterConfig;
import dev.atmosphere.router.RouterStreamsConfig;
import dev.atmosphere.schemas.CapabilityAnnouncement;
import dev.atmosphere.schemas.CapabilityType;
import dev.atmosphere.schemas.Intent;
import dev.atmosphere.schemas.IntentKind;
import dev.atmosphere.schemas.NodeStatus;
import dev.atmosphere.schemas.RouteDecision;
import dev.atmosphere.schemas.WorkResult;
import dev.atmosphere.schemas.WorkStatus;
import dev.atmosphere.schemas.WorkUnit;
import dev.atmosphere.schemas.serde.AvroSerdes;
import dev.atmosphere.schemas.serde.InMemorySchemaRegistryClient;
import dev.atmosphere.schemas.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RouterTopologyTest {

  private final io.micrometer.core.instrument.simple.SimpleMeterRegistry meters =
      new io.micrometer.core.instrument.simple.SimpleMeterRegistry();

  private static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");
  private static Embedder embedder;

  @TempDir Path stateDir;
  private final Topics topics = Topics.defaults();
  private final AvroSerdes serdes = new AvroSerdes(new InMemorySchemaRegistryClient());
  private TopologyTestDriver driver;
  private TestInputTopic<String, CapabilityAnnouncement> capabilities;
  private TestInputTopic<String, NodeStatus> nodes;
  private TestInputTopic<String, Intent> intents;
  private TestOutputTopic<String, RouteDecision> routes;
  private TestOutputTopic<String, WorkResult> results;

  @BeforeAll
  static void loadModel() {
    embedder = new CachingEmbedder(new MiniLmEmbedder(), 1000);
  }

  @BeforeEach
  void start() {
    start(Map.of());
  }

  private void start(Map<String, String> extra) {
    Map<String, String> values = new HashMap<>(extra);
    values.put("router.state.dir", stateDir.toString());
    RouterConfig config = RouterConfig.from(Settings.of(values));
    driver = new TopologyTestDriver(RouterTopology.build(config, serdes, embedder, meters), RouterStreamsConfig.of(config), T0);
    capabilities = driver.createInputTopic(topics.capabilities(), new StringSerializer(), serdes.capability().serializer());
    nodes = driver.createInputTopic(topics.nodeStatus(), new StringSerializer(), serdes.nodeStatus().serializer());
    intents = driver.createInputTopic(topics.intents(), new StringSerializer(), serdes.intent().serializer());
    routes = driver.createOutputTopic(topics.routes(), new StringDeserializer(), serdes.route().deserializer());
    results = driver.createOutputTopic(topics.results(), new StringDeserializer(), serdes.result().deserializer());
  }

  @AfterEach
  void stop() {
    driver.close();
  }

  private TestOutputTopic<String, WorkUnit> work(String node) {
    return driver.createOutputTopic(topics.work(node), new StringDeserializer(), serdes.work().deserializer());
  }

  private final Map<String, NodeIdentity> identities = new HashMap<>();
  private final Map<String, NodeIdentity> byNodeId = new HashMap<>();

  /** The self-certifying id of the node called {@code name} in this test. */
  private String id(String name) {
    NodeIdentity identity = identities.computeIfAbsent(name, n -> NodeIdentity.ephemeral(n, Optional.empty()));
    byNodeId.put(identity.nodeId(), identity);
    return identity.nodeId();
  }

  private void announce(CapabilityAnnouncement cap) {
    NodeIdentity identity = byNodeId.get(cap.getNodeId());
    capabilities.pipeInput(Topics.capabilityKey(cap.getNodeId(), cap.getCapabilityId()), identity.sign(cap,
        c -> CapabilityAnnouncement.newBuilder(c).setPublicKey(identity.publicKeyBuffer()).setSignature(null).build()));
  }

  private void beat(NodeStatus status) {
    NodeIdentity identity = byNodeId.get(status.getNodeId());
    nodes.pipeInput(status.getNodeId(), identity.sign(status,
        s -> NodeStatus.newBuilder(s).setPublicKey(identity.publicKeyBuffer()).setSignature(null).build()));
  }

  private void twoNodes() {
    announce(capability(id("legal-node"), "llamafarm:rag:legal/contracts", CapabilityType.RAG, "contracts",
        "Legal contract review: clauses, obligations, liability and termination terms in agreements").build());
    announce(capability(id("code-node"), "llamafarm:llm:dev/coder", CapabilityType.LLM, "coder",
        "Programming assistant: writes, explains and debugs source code in Java, Python and SQL").build());
    announce(capability(id("code-node"), "builtin:embeddings:all-MiniLM-L6-v2", CapabilityType.EMBEDDINGS, "embeddings",
        "Text embeddings, 384 dimensions").build());
    beat(alive(id("legal-node"), T0).build());
    beat(alive(id("code-node"), T0).build());
  }

  @Test
  void shouldRouteByMeaningToTheMatchingNodeWhenBothNodesAreAlive() {
    twoNodes();

    intents.pipeInput("i1", intent("i1", IntentKind.CHAT, "summarise the termination clause of this contract", T0).build());
    intents.pipeInput("i2", intent("i2", IntentKind.CHAT, "fix the null pointer exception in my Java method", T0).build());

    WorkUnit legal = work(id("legal-node")).readValue();
    WorkUnit code = work(id("code-node")).readValue();
    assertThat(legal.getIntentId()).isEqualTo("i1");
    assertThat(legal.getCapabilityId()).isEqualTo("llamafarm:rag:legal/contracts");
    assertThat(code.getIntentId()).isEqualTo("i2");
    assertThat(code.getCapabilityId()).isEqualTo("llamafarm:llm:dev/coder");
    RouteDecision first = routes.readValue();
    assertThat(first.getChosenNodeId()).isEqualTo(id("legal-node"));
    assertThat(first.getCandidates()).extracting(c -> c.getCapabilityId())
        .contains("llamafarm:rag:legal/contracts", "llamafarm:llm:dev/coder");
    assertThat(first.getCandidates().get(0).getScore()).isEqualTo(first.getScore());
    assertThat(results.isEmpty()).isTrue();
  }

  @Test
  void shouldRouteEmbedIntentOnlyToAnEmbeddingsCapabilityWhenLlmsAreCloserInMeaning() {
    twoNodes();

    intents.pipeInput("e1", intent("e1", IntentKind.EMBED, "contract termination clause", T0).build());

    WorkUnit unit = work(id("code-node")).readValue();
    assertThat(unit.getCapabilityType()).isEqualTo(CapabilityType.EMBEDDINGS);
    assertThat(work(id("legal-node")).isEmpty()).isTrue();
  }

  @Test
  void shouldRouteLaterIntentsWhenCapabilitiesArriveAfterAnIntent() {
    intents.pipeInput("early", intent("early", IntentKind.CHAT, "review this lease agreement", T0).build());
    twoNodes();
    intents.pipeInput("late", intent("late", IntentKind.CHAT, "review this lease agreement", T0).build());

    WorkResult early = results.readValue();
    assertThat(early.getIntentId()).isEqualTo("early");
    assertThat(early.getStatus()).isEqualTo(WorkStatus.NO_ROUTE);
    assertThat(early.getError()).isEqualTo("no capabilities are announced");
    assertThat(work(id("legal-node")).readValue().getIntentId()).isEqualTo("late");
  }

  @Test
  void shouldIgnoreAnOlderSequenceWhenItArrivesAfterANewerOne() {
    twoNodes();
    CapabilityAnnouncement renamed = capability(id("legal-node"), "llamafarm:rag:legal/contracts", CapabilityType.RAG,
        "contracts", "Cooking recipes and meal planning").setSequence(5).build();
    CapabilityAnnouncement stale = capability(id("legal-node"), "llamafarm:rag:legal/contracts", CapabilityType.RAG,
        "contracts", "Legal contract review: clauses, obligations and liability").setSequence(3).build();
    announce(renamed);
    announce(stale);

    CapabilityAnnouncement kept = driver.<String, CapabilityAnnouncement>getKeyValueStore(
        RouterTopology.CAPABILITY_STORE).get(Topics.capabilityKey(id("legal-node"), "llamafarm:rag:legal/contracts"));
    assertThat(kept.getSequence()).isEqualTo(5);
    assertThat(kept.getDescription()).isEqualTo("Cooking recipes and meal planning");
  }

  @Test
  void shouldStopRoutingToANodeWhenItsHeartbeatExpired() {
    twoNodes();
    driver.advanceWallClockTime(Duration.ofSeconds(10));
    beat(alive(id("code-node"), T0.plusSeconds(10)).setSequence(2).build());
    driver.advanceWallClockTime(Duration.ofSeconds(10)); // legal-node's status expired at T0 + 15 s

    intents.pipeInput("i", intent("i", IntentKind.CHAT, "summarise the termination clause of this contract", T0).build());

    RouteDecision decision = routes.readValue();
    assertThat(decision.getChosenNodeId()).isNotEqualTo(id("legal-node"));
    assertThat(decision.getCandidates())
        .filteredOn(c -> c.getNodeId().equals(id("legal-node")))
        .allSatisfy(c -> {
          assertThat(c.getEligible()).isFalse();
          assertThat(c.getRejectReason()).startsWith("node heartbeat expired");
        });
    assertThat(work(id("legal-node")).isEmpty()).isTrue();
  }

  @Test
  void shouldNotRouteToACapabilityWhenItWasTombstoned() {
    twoNodes();
    announce(capability(id("legal-node"), "llamafarm:rag:legal/contracts", CapabilityType.RAG, "contracts", "x")
        .setWithdrawn(true).setSequence(2).build());
    capabilities.pipeInput(Topics.capabilityKey(id("legal-node"), "llamafarm:rag:legal/contracts"), null);

    intents.pipeInput("i", intent("i", IntentKind.RAG, "summarise the termination clause of this contract", T0).build());

    WorkResult result = results.readValue();
    assertThat(result.getStatus()).isEqualTo(WorkStatus.NO_ROUTE);
    assertThat(result.getError()).isEqualTo("no capability can serve a RAG intent");
    assertThat(routes.readValue().getCandidates()).noneMatch(c -> c.getNodeId().equals(id("legal-node")));
  }

  @Test
  void shouldFallBackToTheNearestLlmInsteadOfNoRouteWhenOnlySpecialistsAreOnTheMesh() {
    twoNodes();

    intents.pipeInput("i", intent("i", IntentKind.CHAT, "What is the capital of France?", T0).build());

    RouteDecision decision = routes.readValue();
    assertThat(decision.getChosenCapabilityId()).isEqualTo("llamafarm:llm:dev/coder");
    assertThat(decision.getReason()).startsWith("fallback: nothing above threshold 0.12");
    assertThat(work(id("code-node")).readValuesToList()).singleElement()
        .satisfies(w -> assertThat(w.getText()).isEqualTo("What is the capital of France?"));
    assertThat(results.isEmpty()).isTrue();
  }

  @Test
  void shouldFallBackToTheGeneralAssistantRatherThanAnotherSpecialist() {
    driver.close();
    start(Map.of("router.relevance.threshold", "0.9")); // nothing is relevant enough: every route is a fallback
    twoNodes();
    announce(capability(id("code-node"), "llamafarm:llm:lang/translator", CapabilityType.LLM, "translator",
        "Translation between languages: English, French, German, Spanish").build());
    announce(capability(id("legal-node"), "llamafarm:llm:general/assistant", CapabilityType.LLM, "assistant",
        "General-purpose assistant for everyday questions, explanations, brainstorming and writing").build());

    for (String text : List.of("What is the capital of France?", "any tips for a crispy sourdough crust?",
        "who won the football world cup in 2014")) {
      intents.pipeInput(text, intent(text, IntentKind.CHAT, text, T0).build());
      RouteDecision decision = routes.readValue();
      assertThat(decision.getChosenCapabilityId()).as(text).isEqualTo("llamafarm:llm:general/assistant");
      assertThat(decision.getReason()).as(text).startsWith("fallback: nothing above threshold 0.90");
    }
  }

  @Test
  void shouldFallBackToARagProjectsModelWhenTheMeshHasNoPlainLlm() {
    announce(capability(id("legal-node"), "llamafarm:rag:legal/contracts", CapabilityType.RAG, "contracts",
        "Legal contract review: clauses, obligations, liability and termination terms in agreements").build());
    announce(capability(id("legal-node"), "llamafarm:rag:people/handbook", CapabilityType.RAG, "handbook",
        "The employee handbook: leave, benefits, expenses and working hours").build());
    beat(alive(id("legal-node"), T0).build());

    intents.pipeInput("i", intent("i", IntentKind.CHAT, "What is the capital of France?", T0).build());

    RouteDecision decision = routes.readValue();
    assertThat(decision.getReason()).as("a LlamaFarm RAG project is a chat model too: better than 503 no_route")
        .startsWith("fallback: nothing above threshold 0.12; most general capability (no LLM qualified: a RAG model, "
            + "asked without its documents)");
    assertThat(work(id("legal-node")).readValuesToList()).singleElement().satisfies(w -> {
      assertThat(w.getText()).isEqualTo("What is the capital of France?");
      assertThat(w.getRagEnabled()).as("asked as a chat: its documents are not searched").isFalse();
    });
    assertThat(results.isEmpty()).isTrue();
  }

  @Test
  void shouldForgetANodeSilentForAWeekAndTakeItBackWhenItReannounces() {
    twoNodes();
    var verifiedCaps = driver.createOutputTopic(topics.verifiedCapabilities(), new StringDeserializer(),
        new org.apache.kafka.common.serialization.ByteArrayDeserializer());
    var verifiedNodes = driver.createOutputTopic(topics.verifiedNodeStatus(), new StringDeserializer(),
        new org.apache.kafka.common.serialization.ByteArrayDeserializer());
    verifiedCaps.readKeyValuesToList();
    verifiedNodes.readKeyValuesToList();

    driver.advanceWallClockTime(Duration.ofDays(6));
    beat(alive(id("code-node"), T0.plus(Duration.ofDays(6))).setSequence(2).build()); // the coder is still there
    driver.advanceWallClockTime(Duration.ofDays(2)); // the legal node has been silent for 8 days

    assertThat(verifiedCaps.readKeyValuesToList()).singleElement().satisfies(kv -> {
      assertThat(kv.key).isEqualTo(id("legal-node") + "|llamafarm:rag:legal/contracts");
      assertThat(kv.value).as("tombstone").isNull();
    });
    assertThat(verifiedNodes.readKeyValuesToList().stream().filter(kv -> kv.value == null).map(kv -> kv.key))
        .as("tombstones: the coder's heartbeat is recent").containsExactly(id("legal-node"));

    Instant back = T0.plus(Duration.ofDays(8));
    announce(capability(id("legal-node"), "llamafarm:rag:legal/contracts", CapabilityType.RAG, "contracts",
        "Legal contract review").setSequence(5).setAnnouncedAt(back).build());
    beat(alive(id("legal-node"), back).setSequence(5).build());
    assertThat(verifiedCaps.readKeyValuesToList()).singleElement()
        .satisfies(kv -> assertThat(kv.value).as("admitted again").isNotNull());
  }

  @Test
  void shouldRefuseToForgetNodesSilentForLessThanAnHourNamingTheKey() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> RouterConfig.from(Settings.of(Map.of(
            "router.forget.after", "5m"))))
        .isInstanceOf(dev.atmosphere.common.config.ConfigException.class)
        .hasMessageContaining("router.forget.after").hasMessageContaining("at least 1h");
  }

  @Test
  void shouldNeverFallBackForAnIntentThatIsNotAChat() {
    twoNodes();
    intents.pipeInput("e", intent("e", IntentKind.RAG, "What is the capital of France?", T0).build());

    assertThat(routes.readValue().getReason()).doesNotStartWith("fallback");
  }

  @Test
  void shouldEmitNoRouteWithTheReasonWhenNoCapabilityIsRelevantInStrictMode() {
    driver.close();
    start(Map.of("router.fallback", "none"));
    announce(capability(id("code-node"), "llamafarm:llm:dev/coder", CapabilityType.LLM, "coder",
        "Programming assistant: writes, explains and debugs source code").build());
    beat(alive(id("code-node"), T0).build());

    intents.pipeInput("i", intent("i", IntentKind.CHAT, "bake a sourdough bread with a crispy crust", T0).build());

    WorkResult result = results.readValue();
    assertThat(result.getStatus()).isEqualTo(WorkStatus.NO_ROUTE);
    assertThat(result.getError()).contains("below threshold");
    assertThat(routes.readValue().getChosenNodeId()).isNull();
  }

  @Test
  void shouldSendAPoisonIntentToTheDlqAndKeepRoutingWhenARecordCannotBeDecoded() {
    twoNodes();
    TestInputTopic<String, byte[]> raw =
        driver.createInputTopic(topics.intents(), new StringSerializer(), new ByteArraySerializer());
    TestOutputTopic<byte[], byte[]> dlq = driver.createOutputTopic(topics.routerDlq(),
        new org.apache.kafka.common.serialization.ByteArrayDeserializer(),
        new org.apache.kafka.common.serialization.ByteArrayDeserializer());

    raw.pipeInput("poison", "not avro".getBytes(StandardCharsets.UTF_8));
    intents.pipeInput("ok", intent("ok", IntentKind.CHAT, "fix the bug in this Python function", T0).build());

    TestRecord<byte[], byte[]> dead = dlq.readRecord();
    assertThat(new String(dead.value(), StandardCharsets.UTF_8)).isEqualTo("not avro");
    Header message = dead.headers().lastHeader("__streams.errors.message");
    assertThat(new String(message.value(), StandardCharsets.UTF_8)).contains("not in the Confluent Avro wire format");
    assertThat(work(id("code-node")).readValue().getIntentId()).isEqualTo("ok");
  }
}
