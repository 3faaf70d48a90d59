package dev.atmosphere.router.topology;

import static dev.atmosphere.schemas.fixtures.Fixtures.alive;
import static dev.atmosphere.schemas.fixtures.Fixtures.capability;
import static dev.atmosphere.schemas.fixtures.Fixtures.intent;
import static org.assertj.core.api.Assertions.assertThat;

import dev.atmosphere.common.config.Settings;
import dev.atmosphere.common.embed.Embedder;
import dev.atmosphere.common.testing.FixedEmbedder;
import dev.atmosphere.common.identity.NodeIdentity;
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
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Failover: every intent ends with exactly one terminal result, whatever its attempts do. */
class FailoverTest {

  private final io.micrometer.core.instrument.simple.SimpleMeterRegistry meters =
      new io.micrometer.core.instrument.simple.SimpleMeterRegistry();

  private static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");
  private static final Embedder SAME = new FixedEmbedder();

  @TempDir Path state;
  private final Topics topics = Topics.defaults();
  private final AvroSerdes serdes = new AvroSerdes(new InMemorySchemaRegistryClient());
  private final List<NodeIdentity> nodes = List.of(NodeIdentity.ephemeral("a", Optional.empty()),
      NodeIdentity.ephemeral("b", Optional.empty()), NodeIdentity.ephemeral("c", Optional.empty()));
  private TopologyTestDriver driver;
  private TestInputTopic<String, Intent> intents;
  private TestInputTopic<String, WorkResult> attempts;
  private TestInputTopic<String, NodeStatus> statuses;
  private TestOutputTopic<String, WorkResult> results;
  private TestOutputTopic<String, RouteDecision> routes;
  private long sequence = 1;

  @BeforeEach
  void start() {
    RouterConfig config = RouterConfig.from(Settings.of(Map.of("router.state.dir", state.toString(),
        "router.attempt.timeout", "30s", "router.check.interval", "1s", "router.max.attempts", "3",
        "router.eject.after.failures", "2", "router.eject.cooldown", "60s",
        "router.cache.enabled", "false"))); // the same text is sent again and again: each must really run
    driver = new TopologyTestDriver(RouterTopology.build(config, serdes, SAME, meters), RouterStreamsConfig.of(config), T0);
    TestInputTopic<String, CapabilityAnnouncement> caps =
        driver.createInputTopic(topics.capabilities(), new StringSerializer(), serdes.capability().serializer());
    statuses = driver.createInputTopic(topics.nodeStatus(), new StringSerializer(), serdes.nodeStatus().serializer());
    for (NodeIdentity n : nodes) {
      CapabilityAnnouncement cap = capability(n.nodeId(), "llm", CapabilityType.LLM, "chat", "general chat").build();
      caps.pipeInput(Topics.capabilityKey(n.nodeId(), "llm"), n.sign(cap, c -> CapabilityAnnouncement.newBuilder(c)
          .setPublicKey(n.publicKeyBuffer()).setSignature(null).build()));
      beat(n, T0.plus(Duration.ofHours(1)));
    }
    intents = driver.createInputTopic(topics.intents(), new StringSerializer(), serdes.intent().serializer());
    attempts = driver.createInputTopic(topics.attempts(), new StringSerializer(), serdes.result().serializer());
    results = driver.createOutputTopic(topics.results(), new StringDeserializer(), serdes.result().deserializer());
    routes = driver.createOutputTopic(topics.routes(), new StringDeserializer(), serdes.route().deserializer());
  }

  @AfterEach
  void stop() {
    driver.close();
  }

  private void beat(NodeIdentity n, Instant expiresAt) {
    beat(n, T0, expiresAt);
  }

  private void beat(NodeIdentity n, Instant reportedAt, Instant expiresAt) {
    statuses.pipeInput(n.nodeId(), n.sign(alive(n.nodeId(), reportedAt).setExpiresAt(expiresAt).setSequence(sequence++).build(),
        s -> NodeStatus.newBuilder(s).setPublicKey(n.publicKeyBuffer()).setSignature(null).build()));
  }

  private void beatAll(Instant expiresAt) {
    nodes.forEach(n -> beat(n, expiresAt));
  }

  private List<WorkUnit> dispatched() {
    List<WorkUnit> out = new ArrayList<>();
    for (NodeIdentity n : nodes) {
      if (driver.producedTopicNames().contains(topics.work(n.nodeId()))) {
        out.addAll(driver.createOutputTopic(topics.work(n.nodeId()), new StringDeserializer(),
            serdes.work().deserializer()).readValuesToList());
      }
    }
    return out;
  }

  private void answer(WorkUnit unit, WorkStatus status) {
    NodeIdentity node = nodes.stream().filter(n -> n.nodeId().equals(unit.getNodeId())).findFirst().orElseThrow();
    attempts.pipeInput(unit.getIntentId(), RouterHarness.signed(node, WorkResult.newBuilder(
        RouterHarness.attempt(unit, status)).setOutput(status == WorkStatus.SUCCEEDED ? "ok from " + unit.getNodeId()
        : null).build()));
  }

  @Test
  void shouldFailOverToAnotherNodeAndEndWithOneResultSayingWhereItRan() {
    intents.pipeInput("i", intent("i", IntentKind.CHAT, "hello", T0).build());
    WorkUnit first = dispatched().get(0);

    answer(first, WorkStatus.FAILED);
    WorkUnit second = dispatched().get(0);
    answer(second, WorkStatus.SUCCEEDED);

    assertThat(second.getAttempt()).isEqualTo(2);
    assertThat(second.getNodeId()).isNotEqualTo(first.getNodeId());
    List<WorkResult> terminal = results.readValuesToList();
    assertThat(terminal).singleElement().satisfies(r -> {
      assertThat(r.getStatus()).isEqualTo(WorkStatus.SUCCEEDED);
      assertThat(r.getAttempts()).isEqualTo(2);
      assertThat(r.getTriedNodes()).containsExactly(first.getNodeId(), second.getNodeId());
    });
  }

  @Test
  void shouldReturnTheEarlierTerminalResultWhenAnAnsweredIntentIdIsPostedAgainWithoutRunningItTwice() {
    intents.pipeInput("i", intent("i", IntentKind.CHAT, "hello", T0).build());
    answer(dispatched().get(0), WorkStatus.SUCCEEDED);
    WorkResult first = results.readValue();

    intents.pipeInput("i", intent("i", IntentKind.CHAT, "hello", T0).build());

    assertThat(dispatched()).as("not run a second time").isEmpty();
    assertThat(results.readValuesToList()).singleElement().isEqualTo(first);
  }

  @Test
  void shouldForgetAnAnsweredIntentIdAfterTheRetention() {
    intents.pipeInput("i", intent("i", IntentKind.CHAT, "hello", T0).build());
    answer(dispatched().get(0), WorkStatus.SUCCEEDED);
    results.readValuesToList();

    driver.advanceWallClockTime(Duration.ofHours(2)); // default retention 1 h, swept with the cache
    beatAll(T0.plus(Duration.ofHours(3)));
    intents.pipeInput("i", intent("i", IntentKind.CHAT, "hello", T0).build());

    assertThat(dispatched()).as("an id older than the retention is a new request").hasSize(1);
  }

  @Test
  void shouldIgnoreAnAttemptWithAGuessedWorkIdOrFromAnotherNode() {
    intents.pipeInput("i", intent("i", IntentKind.CHAT, "hello", T0).build());
    WorkUnit unit = dispatched().get(0);
    String other = nodes.stream().map(NodeIdentity::nodeId).filter(n -> !n.equals(unit.getNodeId())).findFirst()
        .orElseThrow();

    answer(WorkUnit.newBuilder(unit).setWorkId("i-w1").build(), WorkStatus.SUCCEEDED);        // guessed id
    answer(WorkUnit.newBuilder(unit).setNodeId(other).build(), WorkStatus.SUCCEEDED);         // right id, wrong node
    assertThat(results.isEmpty()).as("forged answers are not terminal results").isTrue();

    answer(unit, WorkStatus.SUCCEEDED);
    assertThat(results.readValuesToList()).singleElement()
        .satisfies(r -> assertThat(r.getOutput()).isEqualTo("ok from " + unit.getNodeId()));
    assertThat(unit.getWorkId()).matches("i-w1-[0-9a-f]{16}");
  }

  @Test
  void shouldTreatAFullQueueAsBackpressureAndRouteAgainAfterAPauseWithoutBlamingTheNode() {
    intents.pipeInput("i", intent("i", IntentKind.CHAT, "hello", T0).build());
    for (int round = 0; round < 5; round++) { // every node is full five times in a row
      List<WorkUnit> sent = dispatched();
      assertThat(sent).as("round %d", round).hasSize(1);
      answer(sent.get(0), WorkStatus.REJECTED);
      assertThat(dispatched()).as("no immediate retry: the mesh is full").isEmpty();
      driver.advanceWallClockTime(Duration.ofSeconds(3));
    }
    answer(dispatched().get(0), WorkStatus.SUCCEEDED);

    assertThat(results.readValuesToList()).singleElement().satisfies(r -> {
      assertThat(r.getStatus()).isEqualTo(WorkStatus.SUCCEEDED);
      assertThat(r.getAttempts()).isEqualTo(6);
    });
    intents.pipeInput("next", intent("next", IntentKind.CHAT, "hello", T0).build());
    assertThat(routes.readValuesToList()).last().satisfies(d -> assertThat(d.getCandidates())
        .allSatisfy(c -> assertThat(c.getRejectReason()).as("nobody ejected for being busy").isNull()));
  }

  @Test
  void shouldEndWithTheRejectionWhenTheMeshStaysFullPastTheDeadline() {
    intents.pipeInput("i", intent("i", IntentKind.CHAT, "hello", T0).setDeadlineAt(T0.plusSeconds(10)).build());
    for (int round = 0; round < 10 && results.isEmpty(); round++) {
      dispatched().forEach(u -> answer(u, WorkStatus.REJECTED));
      driver.advanceWallClockTime(Duration.ofSeconds(3));
    }

    assertThat(results.readValuesToList()).singleElement()
        .satisfies(r -> assertThat(r.getStatus()).isIn(WorkStatus.REJECTED, WorkStatus.FAILED));
  }

  @Test
  void shouldIgnoreALateResultOfASupersededAttempt() {
    intents.pipeInput("i", intent("i", IntentKind.CHAT, "hello", T0).build());
    WorkUnit first = dispatched().get(0);
    answer(first, WorkStatus.FAILED);
    WorkUnit second = dispatched().get(0);

    answer(first, WorkStatus.SUCCEEDED); // the first executor re-ran its batch after a crash
    answer(second, WorkStatus.SUCCEEDED);
    answer(second, WorkStatus.SUCCEEDED); // and a duplicate delivery

    assertThat(results.readValuesToList()).singleElement()
        .satisfies(r -> assertThat(r.getOutput()).isEqualTo("ok from " + second.getNodeId()));
  }

  @Test
  void shouldFailOverWhenTheNodeDiesWithTheWorkOutstanding() {
    intents.pipeInput("i", intent("i", IntentKind.CHAT, "hello", T0).build());
    WorkUnit first = dispatched().get(0);
    NodeIdentity dying = nodes.stream().filter(n -> n.nodeId().equals(first.getNodeId())).findFirst().orElseThrow();
    beat(dying, T0.plusSeconds(5));

    driver.advanceWallClockTime(Duration.ofSeconds(10));

    WorkUnit second = dispatched().get(0);
    assertThat(second.getNodeId()).isNotEqualTo(first.getNodeId());
    assertThat(routes.readValuesToList()).last().satisfies(d -> assertThat(d.getCandidates())
        .filteredOn(c -> c.getNodeId().equals(first.getNodeId()))
        .allSatisfy(c -> assertThat(c.getEligible()).isFalse()));
  }

  @Test
  void shouldWaitForANodeThatWentSilentInsteadOfFailingWhenTheAttemptTimesOutWithNowhereElseToGo() {
    intents.pipeInput("i", intent("i", IntentKind.CHAT, "hello", T0).build());
    WorkUnit first = dispatched().get(0);
    List<NodeIdentity> others = nodes.stream().filter(n -> !n.nodeId().equals(first.getNodeId())).toList();
    others.forEach(n -> beat(n, T0.plusSeconds(5))); // cut off, e.g. by a broker outage: silent since T0 + 5 s

    driver.advanceWallClockTime(Duration.ofSeconds(31)); // the attempt times out; the others lapsed 26 s ago
    List<WorkUnit> whileSilent = dispatched();
    beat(others.get(0), T0.plusSeconds(32), T0.plusSeconds(3600)); // its heartbeats get through again
    driver.advanceWallClockTime(Duration.ofSeconds(2));
    List<WorkUnit> back = dispatched();
    back.forEach(u -> answer(u, WorkStatus.SUCCEEDED));

    assertThat(whileSilent).as("nothing to go to yet, and nothing ended").isEmpty();
    assertThat(back).singleElement().satisfies(u -> {
      assertThat(u.getNodeId()).isEqualTo(others.get(0).nodeId());
      assertThat(u.getAttempt()).isEqualTo(2);
    });
    assertThat(results.readValuesToList()).singleElement().satisfies(r -> {
      assertThat(r.getStatus()).isEqualTo(WorkStatus.SUCCEEDED);
      assertThat(r.getTriedNodes()).containsExactly(first.getNodeId(), others.get(0).nodeId());
    });
  }

  @Test
  void shouldEndWithNoFailoverWhenTheOtherNodesWentSilentLongAgo() {
    nodes.subList(1, 3).forEach(n -> beat(n, T0.plusSeconds(1))); // switched off, minutes before the intent
    driver.advanceWallClockTime(Duration.ofMinutes(3));
    intents.pipeInput("i", intent("i", IntentKind.CHAT, "hello", T0.plusSeconds(180)).build());
    WorkUnit first = dispatched().get(0);

    driver.advanceWallClockTime(Duration.ofSeconds(31)); // the only live node does not answer in time

    assertThat(first.getNodeId()).isEqualTo(nodes.get(0).nodeId());
    assertThat(dispatched()).isEmpty();
    assertThat(results.readValuesToList()).as("not waited for: they went quiet more than "
        + GradientView.RECENTLY_SILENT + " ago").singleElement()
        .satisfies(r -> assertThat(r.getErrorKind()).isEqualTo("NO_FAILOVER"));
  }

  @Test
  void shouldFailOverWhenAnAttemptTimesOut() {
    intents.pipeInput("i", intent("i", IntentKind.CHAT, "hello", T0).build());
    WorkUnit first = dispatched().get(0);

    driver.advanceWallClockTime(Duration.ofSeconds(31));

    assertThat(dispatched()).singleElement().satisfies(u -> {
      assertThat(u.getAttempt()).isEqualTo(2);
      assertThat(u.getNodeId()).isNotEqualTo(first.getNodeId());
    });
    assertThat(results.isEmpty()).isTrue();
  }

  @Test
  void shouldGiveUpWithTheLastErrorWhenTheRetryBudgetIsSpent() {
    intents.pipeInput("i", intent("i", IntentKind.CHAT, "hello", T0).build());
    List<String> tried = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      WorkUnit unit = dispatched().get(0);
      tried.add(unit.getNodeId());
      answer(unit, WorkStatus.FAILED);
    }

    assertThat(dispatched()).isEmpty();
    assertThat(results.readValuesToList()).singleElement().satisfies(r -> {
      assertThat(r.getStatus()).isEqualTo(WorkStatus.FAILED);
      assertThat(r.getAttempts()).isEqualTo(3);
      assertThat(r.getError()).isEqualTo("HTTP 500 from backend");
      assertThat(r.getTriedNodes()).containsExactlyElementsOf(tried).doesNotHaveDuplicates();
    });
  }

  @Test
  void shouldFailAtTheDeadlineWithoutAnotherAttempt() {
    intents.pipeInput("i", intent("i", IntentKind.CHAT, "hello", T0).setDeadlineAt(T0.plusSeconds(5)).build());
    dispatched();

    driver.advanceWallClockTime(Duration.ofSeconds(6));

    assertThat(dispatched()).isEmpty();
    assertThat(results.readValuesToList()).singleElement()
        .satisfies(r -> assertThat(r.getErrorKind()).isEqualTo("TIMEOUT"));
  }

  @Test
  void shouldEjectANodeThatKeepsFailingAndProbeItAfterTheCoolDown() {
    String bad = null;
    for (int i = 0; i < 6 && bad == null; i++) {
      intents.pipeInput("i" + i, intent("i" + i, IntentKind.CHAT, "hello", T0).build());
      for (WorkUnit u : dispatched()) {
        answer(u, u.getNodeId().equals(nodes.get(0).nodeId()) ? WorkStatus.FAILED : WorkStatus.SUCCEEDED);
      }
      for (WorkUnit u : dispatched()) {
        answer(u, WorkStatus.SUCCEEDED);
      }
    }
    routes.readValuesToList();

    intents.pipeInput("after", intent("after", IntentKind.CHAT, "hello", T0).build());
    RouteDecision decision = routes.readValue();
    assertThat(decision.getCandidates()).filteredOn(c -> c.getNodeId().equals(nodes.get(0).nodeId()))
        .singleElement().satisfies(c -> assertThat(c.getRejectReason()).startsWith("ejected after 2 failures"));
    dispatched().forEach(u -> answer(u, WorkStatus.SUCCEEDED));

    driver.advanceWallClockTime(Duration.ofSeconds(61));
    intents.pipeInput("probe", intent("probe", IntentKind.CHAT, "hello", T0).build());
    assertThat(routes.readValuesToList()).last().satisfies(d -> assertThat(d.getCandidates())
        .filteredOn(c -> c.getNodeId().equals(nodes.get(0).nodeId()))
        .allSatisfy(c -> assertThat(c.getRejectReason()).isNull()));
  }

  @Test
  void shouldKeepAnEjectedNodeEligibleAfterTheCoolDownWhileTrafficFlowsElsewhereAndReadmitItOnASuccessfulProbe() {
    String bad = nodes.get(0).nodeId();
    for (int i = 0; i < 6; i++) {
      intents.pipeInput("i" + i, intent("i" + i, IntentKind.CHAT, "hello", T0).build());
      for (WorkUnit u : dispatched()) {
        answer(u, u.getNodeId().equals(bad) ? WorkStatus.FAILED : WorkStatus.SUCCEEDED);
      }
      dispatched().forEach(u -> answer(u, WorkStatus.SUCCEEDED));
    }
    driver.advanceWallClockTime(Duration.ofSeconds(61));
    routes.readValuesToList();

    int probes = 0;
    for (int i = 0; i < 8; i++) {
      intents.pipeInput("later" + i, intent("later" + i, IntentKind.CHAT, "hello", T0).build());
      List<WorkUnit> sent = dispatched();
      probes += (int) sent.stream().filter(u -> u.getNodeId().equals(bad)).count();
      sent.forEach(u -> answer(u, WorkStatus.SUCCEEDED));
    }

    List<RouteDecision> decisions = routes.readValuesToList();
    assertThat(decisions).hasSize(8).allSatisfy(d -> assertThat(d.getCandidates())
        .filteredOn(c -> c.getNodeId().equals(bad)).singleElement()
        .satisfies(c -> assertThat(c.getRejectReason()).as("asking about a node must not make it a probe").isNull()));
    System.out.printf("breaker: %d of 8 intents after the cool-down went to the readmitted node%n", probes);
  }

  @Test
  void shouldRouteToNodesWhoseHeartbeatsExpiredWhileTheRouterWasDownUntilTheGraceEnds() {
    nodes.forEach(n -> beat(n, T0.minusSeconds(5)));   // nobody verified heartbeats while the router was down

    intents.pipeInput("during", intent("during", IntentKind.CHAT, "hello", T0).build());
    assertThat(dispatched()).as("in the start-up grace").hasSize(1);
    driver.advanceWallClockTime(Duration.ofSeconds(16));
    intents.pipeInput("after", intent("after", IntentKind.CHAT, "hello", T0.plusSeconds(16)).build());

    assertThat(results.readValuesToList()).filteredOn(r -> r.getIntentId().equals("after")).singleElement()
        .satisfies(r -> assertThat(r.getStatus()).isEqualTo(WorkStatus.NO_ROUTE));
  }
  @Test
  void shouldRouteToANodeWhoseHeartbeatIsOnlyLateWhenNoLiveNodeQualifiesAndWaitForItsAnswer() {
    driver.advanceWallClockTime(Duration.ofSeconds(16)); // past the start-up grace
    beatAll(T0.plusSeconds(14)); // lapsed 2 s ago: the verifier moved, or this router reads them late

    intents.pipeInput("late", intent("late", IntentKind.CHAT, "hello", T0).build());
    List<WorkUnit> sent = dispatched();
    assertThat(sent).as("routed, not NO_ROUTE").hasSize(1);
    assertThat(routes.readValue().getReason()).endsWith(LateNodes.NOTE);
    driver.advanceWallClockTime(Duration.ofSeconds(2)); // the in-flight check sees a dead node and waits for it
    answer(sent.get(0), WorkStatus.SUCCEEDED);

    assertThat(results.readValuesToList()).singleElement()
        .satisfies(r -> assertThat(r.getStatus()).isEqualTo(WorkStatus.SUCCEEDED));
  }

  @Test
  void shouldAnswerNoRouteWhenTheOnlyNodesLapsedLongerAgoThanTheAllowance() {
    driver.advanceWallClockTime(Duration.ofSeconds(16));
    beatAll(T0.plusSeconds(5)); // 11 s ago: router.heartbeat.lapse is 10 s

    intents.pipeInput("gone", intent("gone", IntentKind.CHAT, "hello", T0.plusSeconds(16)).build());

    assertThat(dispatched()).isEmpty();
    assertThat(results.readValuesToList()).singleElement().satisfies(r -> {
      assertThat(r.getStatus()).isEqualTo(WorkStatus.NO_ROUTE);
      assertThat(r.getError()).contains("heartbeat expired");
    });
  }

  @Test
  void shouldRouteABacklogQueuedWhileTheRouterCouldNotReadToNodesWhoseLaterHeartbeatsItHasNotReadYet() {
    driver.advanceWallClockTime(Duration.ofSeconds(40)); // e.g. a schema registry outage: nothing could be decoded
    beatAll(T0.plusSeconds(14)); // the last heartbeats read, reported at T0: expired 26 s ago, beyond the lapse

    intents.pipeInput("queued", intent("queued", IntentKind.CHAT, "hello", T0.plusSeconds(20)).build());
    intents.pipeInput("current", intent("current", IntentKind.CHAT, "hello", T0.plusSeconds(40)).build());

    assertThat(dispatched()).extracting(WorkUnit::getIntentId).as("the router is behind on heartbeats too")
        .containsExactly("queued");
    assertThat(routes.readValuesToList()).filteredOn(d -> d.getIntentId().equals("queued")).singleElement()
        .satisfies(d -> assertThat(d.getReason()).endsWith(LateNodes.NOTE));
    assertThat(results.readValuesToList()).singleElement().as("an intent read as it is posted").satisfies(r -> {
      assertThat(r.getIntentId()).isEqualTo("current");
      assertThat(r.getStatus()).isEqualTo(WorkStatus.NO_ROUTE);
    });
  }

  @Test
  void shouldCountANodeLateWhileTheRouterHasJustStartedIfNoHeartbeatSentAfterItsExpiryWasRead() {
    driver.advanceWallClockTime(Duration.ofSeconds(14)); // still in the start-up grace (15 s)
    beatAll(T0.plusSeconds(3)); // expired 11 s ago, after this router started: the grace's own view does not cover it

    intents.pipeInput("fresh", intent("fresh", IntentKind.CHAT, "hello", T0.plusSeconds(14)).build());

    assertThat(dispatched()).extracting(WorkUnit::getIntentId).as("its heartbeats may still lag").containsExactly("fresh");
    driver.advanceWallClockTime(Duration.ofSeconds(2)); // the grace is over: the same heartbeats now prove nothing late
    intents.pipeInput("later", intent("later", IntentKind.CHAT, "hello", T0.plusSeconds(16)).build());
    assertThat(results.readValuesToList()).filteredOn(r -> r.getIntentId().equals("later")).singleElement()
        .satisfies(r -> assertThat(r.getStatus()).isEqualTo(WorkStatus.NO_ROUTE));
  }

  @Test
  void shouldNotCountANodeLateForABacklogOnceAHeartbeatSentAfterItsExpiryWasRead() {
    driver.advanceWallClockTime(Duration.ofSeconds(40));
    beat(nodes.get(0), T0, T0.plusSeconds(14));
    beat(nodes.get(1), T0, T0.plusSeconds(14));
    beat(nodes.get(2), T0.plusSeconds(25), T0.plusSeconds(28)); // read: the feed is past the others' expiry

    for (int i = 0; i < 3; i++) {
      intents.pipeInput("queued-" + i, intent("queued-" + i, IntentKind.CHAT, "hello", T0.plusSeconds(20)).build());
    }

    assertThat(dispatched()).hasSize(3).as("only the node whose own silence is not yet proven")
        .allSatisfy(w -> assertThat(w.getNodeId()).isEqualTo(nodes.get(2).nodeId()));
  }

  @Test
  void shouldPreferANodeWithACurrentHeartbeatToALateOne() {
    driver.advanceWallClockTime(Duration.ofSeconds(16));
    beat(nodes.get(0), T0.plusSeconds(14));
    beat(nodes.get(1), T0.plusSeconds(14));

    for (int i = 0; i < 5; i++) {
      intents.pipeInput("live-" + i, intent("live-" + i, IntentKind.CHAT, "hello", T0).build());
    }

    assertThat(dispatched()).hasSize(5).allSatisfy(w -> assertThat(w.getNodeId()).isEqualTo(nodes.get(2).nodeId()));
    assertThat(routes.readValuesToList()).noneMatch(d -> d.getReason() != null && d.getReason().endsWith(LateNodes.NOTE));
  }
}
