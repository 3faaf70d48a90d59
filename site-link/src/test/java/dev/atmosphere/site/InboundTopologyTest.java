package dev.atmosphere.site;

import static dev.atmosphere.schemas.fixtures.Fixtures.capability;
import static org.assertj.core.api.Assertions.assertThat;

import dev.atmosphere.common.identity.NodeIdentity;
import dev.atmosphere.schemas.CapabilityAnnouncement;
import dev.atmosphere.schemas.CapabilityType;
import dev.atmosphere.schemas.IntentKind;
import dev.atmosphere.schemas.Provider;
import dev.atmosphere.schemas.ResultChunk;
import dev.atmosphere.schemas.Timings;
import dev.atmosphere.schemas.WorkResult;
import dev.atmosphere.schemas.WorkStatus;
import dev.atmosphere.schemas.WorkUnit;
import dev.atmosphere.schemas.serde.AvroSerdes;
import dev.atmosphere.schemas.serde.InMemorySchemaRegistryClient;
import dev.atmosphere.schemas.sign.Signatures;
import dev.atmosphere.schemas.topics.Topics;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Properties;
import org.apache.avro.SchemaBuilder;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Site b's end of a link with site a, on a TopologyTestDriver with two registries whose ids do not agree: what
 * MirrorMaker 2 copied from a (in a's ids) arrives in b's topics in b's ids, with its provenance.
 */
class InboundTopologyTest {

  private static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");
  private final Topics topics = Topics.defaults();
  private final InMemorySchemaRegistryClient registryA = new InMemorySchemaRegistryClient();
  private final InMemorySchemaRegistryClient registryB = new InMemorySchemaRegistryClient();
  private final AvroSerdes a = new AvroSerdes(registryA);
  private final AvroSerdes b = new AvroSerdes(registryB);
  private TopologyTestDriver driver;
  private TestInputTopic<String, CapabilityAnnouncement> mirroredCaps;
  private TestInputTopic<String, CapabilityAnnouncement> localVerified;
  private TestInputTopic<String, WorkUnit> mirroredWork;
  private TestOutputTopic<String, WorkResult> refusals;

  @BeforeEach
  void start() {
    // b's registry has seen other schemas first, so the same schema gets another id there
    for (int i = 0; i < 5; i++) {
      registryB.register("other-" + i, SchemaBuilder.record("Other" + i).fields().endRecord());
    }
    Properties p = new Properties();
    p.put("application.id", "site-link-test");
    p.put("bootstrap.servers", "unused:9092");
    driver = new TopologyTestDriver(InboundTopology.build(topics, "b", "a", b, a, Duration.ofHours(1)), p, NOW);
    mirroredCaps = driver.createInputTopic("a." + topics.capabilities(), new StringSerializer(),
        a.capability().serializer());
    localVerified = driver.createInputTopic(topics.verifiedCapabilities(), new StringSerializer(),
        b.capability().serializer());
    mirroredWork = driver.createInputTopic("a." + topics.sites().outbox("b", "work"), new StringSerializer(),
        a.work().serializer());
    refusals = driver.createOutputTopic(topics.sites().outbox("a", "attempts"), new StringDeserializer(),
        b.result().deserializer());
  }

  @AfterEach
  void stop() {
    driver.close();
  }

  @Test
  void shouldBringAnotherSitesAnnouncementInWithItsSiteAndHopsAndTheSignatureIntact() {
    NodeIdentity node = NodeIdentity.ephemeral("legal", Optional.empty());
    CapabilityAnnouncement signed = node.sign(capability(node.nodeId(), "llamafarm:rag:legal/contracts",
        CapabilityType.RAG, "contracts", "Legal contract analysis").build(), c -> CapabilityAnnouncement.newBuilder(c)
        .setPublicKey(node.publicKeyBuffer()).setSignature(null).build());

    mirroredCaps.pipeInput(Topics.capabilityKey(node.nodeId(), "llamafarm:rag:legal/contracts"), signed);

    TestOutputTopic<String, byte[]> raw = driver.createOutputTopic(topics.sites().remoteCapabilities(),
        new StringDeserializer(), new ByteArrayDeserializer());
    byte[] bytes = raw.readValue();
    int idInB = ByteBuffer.wrap(bytes, 1, 4).getInt();
    assertThat(registryB.byId(idInB).getName()).isEqualTo("CapabilityAnnouncement");
    assertThat(idInB).isNotEqualTo(registryA.register("x", CapabilityAnnouncement.getClassSchema()));
    CapabilityAnnouncement arrived =
        b.capability().deserializer().deserialize(topics.sites().remoteCapabilities(), bytes);
    assertThat(arrived.getCluster()).isEqualTo("a");
    assertThat(arrived.getHops()).isEqualTo(1);
    assertThat(Signatures.verify(node.publicKeyBuffer().array(), Signatures.canonicalSpecific(arrived),
        arrived.getSignature().array())).as("provenance is outside the signature").isTrue();
  }

  @Test
  void shouldHandAUnitForALocalNodeToItsWorkTopicOnceAndMarkWhereItsAnswerGoes() {
    localVerified.pipeInput(Topics.capabilityKey("legal-1", "cap"), capability("legal-1", "cap", CapabilityType.RAG,
        "contracts", "Legal").build());
    WorkUnit unit = unit("w-1", "legal-1", NOW.plusSeconds(60));

    mirroredWork.pipeInput("i-1", unit);
    mirroredWork.pipeInput("i-1", unit); // MirrorMaker 2 delivers at least once

    var work = driver.createOutputTopic(topics.work("legal-1"), new StringDeserializer(), b.work().deserializer());
    var delivered = work.readValuesToList();
    assertThat(delivered).hasSize(1);
    assertThat(delivered.get(0).getReplySite()).isEqualTo("a");
    assertThat(delivered.get(0).getSite()).isNull();
    assertThat(delivered.get(0).getText()).isEqualTo("Summarise clause 4");
    assertThat(refusals.isEmpty()).isTrue();
  }

  @Test
  void shouldRefuseAUnitForANodeThatIsNotOnThisSite() {
    mirroredWork.pipeInput("i-2", unit("w-2", "elsewhere-9", NOW.plusSeconds(60)));

    WorkResult refusal = refusals.readValue();
    assertThat(refusal.getStatus()).isEqualTo(WorkStatus.FAILED);
    assertThat(refusal.getError()).isEqualTo("node elsewhere-9 is not on site b");
    assertThat(refusal.getWorkId()).isEqualTo("w-2");
  }

  @Test
  void shouldRefuseAUnitWhoseDeadlinePassedWhileTheLinkWasDown() {
    localVerified.pipeInput(Topics.capabilityKey("legal-1", "cap"), capability("legal-1", "cap", CapabilityType.RAG,
        "contracts", "Legal").build());

    mirroredWork.pipeInput("i-3", unit("w-3", "legal-1", NOW.minusSeconds(1)));

    assertThat(refusals.readValue().getError()).isEqualTo("its deadline passed before it reached site b");
    assertThat(driver.createOutputTopic(topics.work("legal-1"), new StringDeserializer(), b.work().deserializer())
        .isEmpty()).isTrue();
  }

  @Test
  void shouldPassAttemptsAndChunksFromTheOtherSiteToThisSitesRouterAndGateways() {
    WorkResult attempt = WorkResult.newBuilder().setIntentId("i-4").setStatus(WorkStatus.SUCCEEDED).setOutput("ok")
        .setTimings(Timings.newBuilder().setIntentCreatedAt(NOW).setFinishedAt(NOW).build()).build();
    driver.createInputTopic("a." + topics.sites().outbox("b", "attempts"), new StringSerializer(),
        a.result().serializer()).pipeInput("i-4", attempt);
    ResultChunk chunk = ResultChunk.newBuilder().setIntentId("i-4").setWorkId("w").setSequence(0).setDelta("o")
        .setNodeId("n").setCapabilityId("c").setEmittedAt(NOW).build();
    driver.createInputTopic("a." + topics.sites().outbox("b", "chunks"), new StringSerializer(),
        a.chunk().serializer()).pipeInput("i-4", chunk);

    assertThat(driver.createOutputTopic(topics.attempts(), new StringDeserializer(), b.result().deserializer())
        .readValue().getOutput()).isEqualTo("ok");
    assertThat(driver.createOutputTopic(topics.resultChunks(), new StringDeserializer(), b.chunk().deserializer())
        .readValue().getDelta()).isEqualTo("o");
  }

  private static WorkUnit unit(String workId, String nodeId, Instant deadline) {
    return WorkUnit.newBuilder().setWorkId(workId).setIntentId("i").setRouteId("r").setNodeId(nodeId)
        .setCapabilityId("cap").setCapabilityType(CapabilityType.RAG).setProvider(Provider.LLAMAFARM)
        .setTarget("legal/contracts").setKind(IntentKind.RAG).setText("Summarise clause 4")
        .setIntentCreatedAt(NOW).setRoutedAt(NOW).setDeadlineAt(deadline).setSite("b").build();
  }

}
