package dev.atmosphere.router.topology;

import static dev.atmosphere.schemas.fixtures.Fixtures.alive;
import static dev.atmosphere.schemas.fixtures.Fixtures.capability;

import dev.atmosphere.common.config.Settings;
import dev.atmosphere.common.embed.Embedder;
import dev.atmosphere.common.identity.NodeIdentity;
import dev.atmosphere.router.RouterConfig;
import dev.atmosphere.router.RouterStreamsConfig;
import dev.atmosphere.schemas.CapabilityAnnouncement;
import dev.atmosphere.schemas.CapabilityType;
import dev.atmosphere.schemas.Intent;
import dev.atmosphere.schemas.NodeStatus;
import dev.atmosphere.schemas.Plan;
import dev.atmosphere.schemas.PlanResult;
import dev.atmosphere.schemas.Timings;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

/**
 * The whole router topology in a {@link TopologyTestDriver} with signed nodes and capabilities, for tests that
 * drive intents and plans through routing, attempts and results. Records the topology writes to its own source
 * topics (plan units as intents, unit results, cache entries) are fed back by the driver, as the broker would.
 */
final class RouterHarness implements AutoCloseable {

  static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");

  final Topics topics = Topics.defaults();
  final AvroSerdes serdes = new AvroSerdes(new InMemorySchemaRegistryClient());
  final TopologyTestDriver driver;
  /** What the router recorded (its counters and timers), for tests to read. */
  final io.micrometer.core.instrument.simple.SimpleMeterRegistry meters =
      new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
  final Map<String, NodeIdentity> nodes = new HashMap<>();
  private final TestInputTopic<String, CapabilityAnnouncement> caps;
  private final TestInputTopic<String, NodeStatus> statuses;
  final TestInputTopic<String, Intent> intents;
  final TestInputTopic<String, Plan> plans;
  final TestInputTopic<String, WorkResult> attempts;
  final TestOutputTopic<String, WorkResult> results;
  final TestOutputTopic<String, PlanResult> planResults;
  private long sequence = 1;

  RouterHarness(Path state, Embedder embedder, Map<String, String> overrides) {
    Map<String, String> values = new HashMap<>(Map.of("router.state.dir", state.toString(),
        "router.check.interval", "1s", "router.attempt.timeout", "30s"));
    values.putAll(overrides);
    RouterConfig config = RouterConfig.from(Settings.of(values));
    driver = new TopologyTestDriver(RouterTopology.build(config, serdes, embedder, meters), RouterStreamsConfig.of(config), T0);
    caps = driver.createInputTopic(topics.capabilities(), new StringSerializer(), serdes.capability().serializer());
    statuses = driver.createInputTopic(topics.nodeStatus(), new StringSerializer(), serdes.nodeStatus().serializer());
    intents = driver.createInputTopic(topics.intents(), new StringSerializer(), (topic, intent) -> serdes.intent()
        .serializer().serialize(topic, signedByOrigin(intent))); // as the posting node's gateway signs
    plans = driver.createInputTopic(topics.plans(), new StringSerializer(), serdes.plan().serializer());
    attempts = driver.createInputTopic(topics.attempts(), new StringSerializer(), serdes.result().serializer());
    results = driver.createOutputTopic(topics.results(), new StringDeserializer(), serdes.result().deserializer());
    planResults = driver.createOutputTopic(topics.planResults(), new StringDeserializer(),
        serdes.planResult().deserializer());
  }

  /** A live node offering one LLM capability described by {@code description}; returns its node id. */
  String node(String name, String capabilityId, String description) {
    NodeIdentity n = nodes.computeIfAbsent(name, k -> NodeIdentity.ephemeral(k, Optional.empty()));
    announce(name, capabilityId, c -> c.setDescription(description));
    statuses.pipeInput(n.nodeId(), n.sign(alive(n.nodeId(), T0).setExpiresAt(T0.plus(Duration.ofDays(1)))
            .setSequence(sequence++).build(),
        s -> NodeStatus.newBuilder(s).setPublicKey(n.publicKeyBuffer()).setSignature(null).build()));
    return n.nodeId();
  }

  /** A heartbeat of node {@code name} (alive for a day), changed by {@code edit}. */
  void heartbeat(String name, UnaryOperator<NodeStatus.Builder> edit) {
    NodeIdentity n = nodes.get(name);
    statuses.pipeInput(n.nodeId(), n.sign(edit.apply(alive(n.nodeId(), T0).setExpiresAt(T0.plus(Duration.ofDays(1)))
            .setSequence(sequence++)).build(),
        s -> NodeStatus.newBuilder(s).setPublicKey(n.publicKeyBuffer()).setSignature(null).build()));
  }

  /** (Re-)announces a capability of node {@code name}, changed by {@code edit}. */
  void announce(String name, String capabilityId, UnaryOperator<CapabilityAnnouncement.Builder> edit) {
    NodeIdentity n = nodes.get(name);
    CapabilityAnnouncement cap = edit.apply(capability(n.nodeId(), capabilityId, CapabilityType.LLM, capabilityId,
        "general chat").setSequence(sequence++)).build();
    caps.pipeInput(Topics.capabilityKey(n.nodeId(), capabilityId), n.sign(cap, c -> CapabilityAnnouncement
        .newBuilder(c).setPublicKey(n.publicKeyBuffer()).setSignature(null).build()));
  }

  /** Work units sent to any node since the last call. */
  List<WorkUnit> dispatched() {
    List<WorkUnit> out = new ArrayList<>();
    for (NodeIdentity n : nodes.values()) {
      if (driver.producedTopicNames().contains(topics.work(n.nodeId()))) {
        out.addAll(driver.createOutputTopic(topics.work(n.nodeId()), new StringDeserializer(),
            serdes.work().deserializer()).readValuesToList());
      }
    }
    return out;
  }

  /** The executor's answer to {@code unit}, signed by the node it went to: "answer to <text>" on success. */
  void answer(WorkUnit unit, WorkStatus status) {
    NodeIdentity node = nodes.values().stream().filter(n -> n.nodeId().equals(unit.getNodeId())).findFirst()
        .orElseThrow();
    attempts.pipeInput(unit.getIntentId(), signed(node, attempt(unit, status)));
  }

  /** The intent signed by its origin when that is one of this harness's nodes (else as it is: anonymous). */
  private Intent signedByOrigin(Intent intent) {
    return nodes.values().stream().filter(n -> n.nodeId().equals(intent.getOriginNodeId())).findFirst()
        .map(n -> dev.atmosphere.common.identity.OriginSigned.intents(n, null).sign(intent)).orElse(intent);
  }

  /** An unsigned attempt for {@code unit} as its node would write it. */
  static WorkResult attempt(WorkUnit unit, WorkStatus status) {
    return WorkResult.newBuilder().setIntentId(unit.getIntentId())
        .setWorkId(unit.getWorkId()).setStatus(status).setNodeId(unit.getNodeId())
        .setCapabilityId(unit.getCapabilityId()).setAttempts(1)
        .setOutput(status == WorkStatus.SUCCEEDED ? "answer to " + unit.getText() : null)
        .setError(status == WorkStatus.SUCCEEDED ? null : "HTTP 500 from backend")
        .setTimings(Timings.newBuilder().setIntentCreatedAt(T0).setFinishedAt(T0).build()).build();
  }

  /** {@code attempt} signed with {@code key} (whatever node id the attempt names), as the executor signs. */
  static WorkResult signed(NodeIdentity key, WorkResult attempt) {
    return key.sign(attempt, r -> WorkResult.newBuilder(r).setPublicKey(key.publicKeyBuffer()).setSignature(null)
        .build());
  }

  @Override
  public void close() {
    driver.close();
  }
}
