package dev.atmosphere.router.topology;

import static dev.atmosphere.schemas.fixtures.Fixtures.alive;
import static dev.atmosphere.schemas.fixtures.Fixtures.capability;
import static org.assertj.core.api.Assertions.assertThat;

import dev.atmosphere.common.config.Settings;
import dev.atmosphere.common.embed.Embedder;
import dev.atmosphere.common.identity.NodeIdentity;
import dev.atmosphere.common.testing.FixedEmbedder;
import dev.atmosphere.router.RouterConfig;
import dev.atmosphere.router.RouterStreamsConfig;
import dev.atmosphere.schemas.CapabilityAnnouncement;
import dev.atmosphere.schemas.CapabilityType;
import dev.atmosphere.schemas.NodeStatus;
import dev.atmosphere.schemas.serde.AvroSerdes;
import dev.atmosphere.schemas.serde.InMemorySchemaRegistryClient;
import dev.atmosphere.schemas.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Only announcements signed by the key their node id is bound to, trusted, fresh and well-formed get in. */
class AnnouncementVerificationTest {

  private final io.micrometer.core.instrument.simple.SimpleMeterRegistry meters =
      new io.micrometer.core.instrument.simple.SimpleMeterRegistry();

  private static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");
  private static final Embedder NO_EMBEDDINGS = new FixedEmbedder();

  @TempDir Path state;
  private final Topics topics = Topics.defaults();
  private final AvroSerdes serdes = new AvroSerdes(new InMemorySchemaRegistryClient());
  private final NodeIdentity alice = NodeIdentity.ephemeral("alice", Optional.of("open-sesame"));
  private final NodeIdentity mallory = NodeIdentity.ephemeral("mallory", Optional.empty());
  private TopologyTestDriver driver;
  private TestInputTopic<String, CapabilityAnnouncement> capabilities;
  private TestInputTopic<String, NodeStatus> statuses;
  private TestOutputTopic<byte[], byte[]> dlq;

  private void start(Map<String, String> extra) {
    Map<String, String> values = new HashMap<>(extra);
    values.put("router.state.dir", state.toString());
    RouterConfig config = RouterConfig.from(Settings.of(values));
    driver = new TopologyTestDriver(RouterTopology.build(config, serdes, NO_EMBEDDINGS, meters), RouterStreamsConfig.of(config));
    capabilities = driver.createInputTopic(topics.capabilities(), new StringSerializer(), serdes.capability().serializer());
    statuses = driver.createInputTopic(topics.nodeStatus(), new StringSerializer(), serdes.nodeStatus().serializer());
    dlq = driver.createOutputTopic(topics.routerDlq(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  @AfterEach
  void stop() {
    driver.close();
  }

  private static CapabilityAnnouncement signed(NodeIdentity signer, CapabilityAnnouncement cap) {
    return signer.sign(cap, c -> CapabilityAnnouncement.newBuilder(c).setPublicKey(signer.publicKeyBuffer())
        .setJoinProof(signer.joinProof()).setSignature(null).build());
  }

  private CapabilityAnnouncement cap(String nodeId, long sequence, String description) {
    return capability(nodeId, "llamafarm:llm:x/y", CapabilityType.LLM, "y", description).setSequence(sequence).build();
  }

  private void send(CapabilityAnnouncement cap) {
    capabilities.pipeInput(Topics.capabilityKey(cap.getNodeId(), cap.getCapabilityId()), cap);
  }

  private KeyValueStore<String, CapabilityAnnouncement> table() {
    return driver.getKeyValueStore(RouterTopology.CAPABILITY_STORE);
  }

  private List<String> rejections() {
    return dlq.readRecordsToList().stream().map(r -> new String(
        r.headers().lastHeader("__streams.errors.message").value(), StandardCharsets.UTF_8)).toList();
  }

  @Test
  void shouldAdmitAValidSignedAnnouncementAndHeartbeat() {
    start(Map.of());
    send(signed(alice, cap(alice.nodeId(), 1, "chat")));
    statuses.pipeInput(alice.nodeId(), alice.sign(alive(alice.nodeId(), T0).build(),
        s -> NodeStatus.newBuilder(s).setPublicKey(alice.publicKeyBuffer()).setSignature(null).build()));

    assertThat(table().approximateNumEntries()).isEqualTo(1);
    assertThat(driver.<String, NodeStatus>getKeyValueStore(RouterTopology.NODE_STORE).get(alice.nodeId())).isNotNull();
    assertThat(dlq.isEmpty()).isTrue();
  }

  @Test
  void shouldRejectForgedTamperedReplayedAndUnsignedAnnouncements() {
    start(Map.of());
    send(signed(alice, cap(alice.nodeId(), 5, "chat")));

    send(signed(mallory, cap(alice.nodeId(), 6, "pull traffic to mallory")));       // forged by another key
    CapabilityAnnouncement tampered = signed(alice, cap(alice.nodeId(), 7, "chat"));
    tampered.setDescription("tampered after signing");
    send(tampered);                                                                  // tampered field
    send(signed(alice, cap(alice.nodeId(), 4, "old")));                              // replayed older sequence
    send(cap(alice.nodeId(), 8, "unsigned"));                                        // unsigned

    assertThat(rejections()).satisfiesExactly(
        m -> assertThat(m).startsWith("forged: node id " + alice.nodeId() + " is not bound to the signing key"),
        m -> assertThat(m).isEqualTo("bad signature (tampered or forged)"),
        m -> assertThat(m).isEqualTo("replayed: sequence 4 is not newer than 5"),
        m -> assertThat(m).isEqualTo("unsigned"));
    assertThat(table().get(Topics.capabilityKey(alice.nodeId(), "llamafarm:llm:x/y")).getDescription()).isEqualTo("chat");
    assertThat(driver.metrics().entrySet()).anySatisfy(e -> {
      assertThat(e.getKey().name()).isEqualTo("rejected-announcements-total");
      assertThat((Double) e.getValue().metricValue()).isEqualTo(4.0);
    });
    assertThat(meters.counter("atmosphere.dlq.records", "topic", topics.routerDlq()).count())
        .as("each one counted on /metrics").isEqualTo(4.0);
  }

  private static List<Float> unit(int dimension, float value) {
    List<Float> v = new java.util.ArrayList<>(java.util.Collections.nCopies(dimension, 0f));
    v.set(0, 1f);
    v.set(dimension - 1, value);
    return v;
  }

  @Test
  void shouldRejectAnnouncementsAndHeartbeatsWithUnusableNumbersAndKeepTheTableAsItWas() {
    start(Map.of());
    send(signed(alice, cap(alice.nodeId(), 1, "chat")));

    send(signed(alice, CapabilityAnnouncement.newBuilder(cap(alice.nodeId(), 2, "nan")).setEmbedding(unit(384, Float.NaN))
        .setEmbeddingModel("all-MiniLM-L6-v2").build()));
    send(signed(alice, CapabilityAnnouncement.newBuilder(cap(alice.nodeId(), 3, "inf"))
        .setEmbedding(unit(384, Float.POSITIVE_INFINITY)).build()));
    send(signed(alice, CapabilityAnnouncement.newBuilder(cap(alice.nodeId(), 4, "huge")).setEmbedding(unit(5000, 0f))
        .build()));
    send(signed(alice, CapabilityAnnouncement.newBuilder(cap(alice.nodeId(), 5, "long"))
        .setEmbedding(unit(384, 3f)).build()));
    CapabilityAnnouncement badCost = cap(alice.nodeId(), 6, "cost");
    badCost.getResources().setCostPerToken(Double.NaN);
    send(signed(alice, badCost));
    send(signed(alice, CapabilityAnnouncement.newBuilder(cap(alice.nodeId(), 7, "part"))
        .setFacetEmbeddings(List.of(unit(384, 0f), unit(384, Float.NaN))).build()));
    send(signed(alice, CapabilityAnnouncement.newBuilder(cap(alice.nodeId(), 8, "parts"))
        .setFacetEmbeddings(java.util.Collections.nCopies(33, unit(384, 0f))).build()));
    statuses.pipeInput(alice.nodeId(), alice.sign(alive(alice.nodeId(), T0).setLoad(Double.POSITIVE_INFINITY).build(),
        st -> NodeStatus.newBuilder(st).setPublicKey(alice.publicKeyBuffer()).setSignature(null).build()));

    assertThat(rejections()).satisfiesExactly(
        m -> assertThat(m).isEqualTo("unusable: embedding[383] is NaN"),
        m -> assertThat(m).isEqualTo("unusable: embedding[383] is Infinity"),
        m -> assertThat(m).isEqualTo("unusable: embedding has 5000 dimensions (1..4096 allowed)"),
        m -> assertThat(m).startsWith("unusable: embedding is not normalised (norm 3.16"),
        m -> assertThat(m).isEqualTo("unusable: resources.costPerToken is NaN"),
        m -> assertThat(m).isEqualTo("unusable: facetEmbeddings[1]: embedding[383] is NaN"),
        m -> assertThat(m).isEqualTo("unusable: facetEmbeddings has 33 vectors (at most 32)"),
        m -> assertThat(m).isEqualTo("unusable: load is Infinity"));
    assertThat(table().get(Topics.capabilityKey(alice.nodeId(), "llamafarm:llm:x/y")).getDescription()).isEqualTo("chat");
  }

  @Test
  void shouldRejectOversizedRecordsAndKeysThatDoNotMatchTheirContent() {
    start(Map.of("router.max.announcement.bytes", "2048"));
    send(signed(alice, cap(alice.nodeId(), 1, "x".repeat(3000))));
    capabilities.pipeInput(Topics.capabilityKey(alice.nodeId(), "something-else"), signed(alice, cap(alice.nodeId(), 2, "chat")));

    assertThat(rejections()).satisfiesExactly(
        m -> assertThat(m).startsWith("oversized: "),
        m -> assertThat(m).startsWith("record key " + alice.nodeId() + "|something-else does not match"));
    assertThat(table().approximateNumEntries()).isZero();
  }

  @Test
  void shouldEnforceTheAllowListAndTheJoinCodeWhenConfigured() {
    start(Map.of("mesh.join.code", "open-sesame", "router.trust.allowed.nodes", alice.nodeId()));
    send(signed(alice, cap(alice.nodeId(), 1, "chat")));
    send(signed(mallory, cap(mallory.nodeId(), 1, "chat")));

    assertThat(rejections()).containsExactly("node " + mallory.nodeId() + " is not on the allow-list");
    assertThat(table().approximateNumEntries()).isEqualTo(1);
  }

  @Test
  void shouldRequireTheJoinProofWhenTheMeshHasAJoinCode() {
    start(Map.of("mesh.join.code", "open-sesame"));
    send(signed(mallory, cap(mallory.nodeId(), 1, "chat")));

    assertThat(rejections()).containsExactly("missing or wrong mesh join proof");
  }

  @Test
  void shouldRemoveOnlyOnASignedWithdrawalAndIgnoreBareTombstones() {
    start(Map.of());
    send(signed(alice, cap(alice.nodeId(), 1, "chat")));
    String key = Topics.capabilityKey(alice.nodeId(), "llamafarm:llm:x/y");

    capabilities.pipeInput(key, (CapabilityAnnouncement) null);
    assertThat(table().get(key)).isNotNull();

    CapabilityAnnouncement withdrawal = cap(alice.nodeId(), 2, "chat");
    withdrawal.setWithdrawn(true);
    send(signed(alice, withdrawal));
    assertThat(table().get(key)).isNull();
    assertThat(dlq.isEmpty()).isTrue();
  }
}
