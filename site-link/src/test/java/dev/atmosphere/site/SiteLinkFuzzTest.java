package dev.atmosphere.site;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atmosphere.common.kafka.KafkaConnection;
import dev.atmosphere.common.kafka.StreamsDefaults;
import dev.atmosphere.schemas.IntentKind;
import dev.atmosphere.schemas.Provider;
import dev.atmosphere.schemas.Timings;
import dev.atmosphere.schemas.WorkResult;
import dev.atmosphere.schemas.WorkStatus;
import dev.atmosphere.schemas.WorkUnit;
import dev.atmosphere.schemas.serde.AvroSerdes;
import dev.atmosphere.schemas.serde.InMemorySchemaRegistryClient;
import dev.atmosphere.schemas.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;

/**
 * 10,000 malformed, truncated and oversized records thrown at the five topics a site link reads from the other site
 * (MirrorMaker 2's copies of announcements, heartbeats, work, attempts and chunks), with the link's own Streams
 * settings: none stops it, every one ends as exactly one dead letter with its original bytes and the reason (or, for
 * bytes that happen to decode as a work unit, one refusal sent back to the other site), and good records keep
 * crossing (an attempt every 500 tries).
 */
class SiteLinkFuzzTest {

  private static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");
  private static final Topics topics = Topics.defaults();
  private static final AvroSerdes a = new AvroSerdes(new InMemorySchemaRegistryClient());
  private static final AvroSerdes b = new AvroSerdes(new InMemorySchemaRegistryClient());
  private static TopologyTestDriver driver;
  private static TestOutputTopic<byte[], byte[]> dlq;
  private static TestOutputTopic<String, WorkResult> attempts;
  private static TestOutputTopic<String, WorkResult> refusals;
  private static final Map<String, AtomicInteger> counts = new TreeMap<>();
  private static final AtomicInteger tries = new AtomicInteger();
  private static final java.util.Set<String> decodedWork = new java.util.HashSet<>();

  @BeforeContainer
  static void start() throws Exception {
    var props = StreamsDefaults.of(new KafkaConnection("unused:9092", "http://unused", Map.of()),
        "site-link-fuzz", Files.createTempDirectory("site-link-fuzz"), topics.routerDlq(), (short) 1);
    driver = new TopologyTestDriver(InboundTopology.build(topics, "b", "a", b, a, Duration.ofHours(1)), props, NOW);
    dlq = driver.createOutputTopic(topics.routerDlq(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
    attempts = driver.createOutputTopic(topics.attempts(), new StringDeserializer(), b.result().deserializer());
    refusals = driver.createOutputTopic(topics.sites().outbox("a", "attempts"), new StringDeserializer(),
        b.result().deserializer());
  }

  @AfterContainer
  static void stop() {
    System.out.println("site link record fuzz: " + counts
        + " — every one dead-lettered with its reason (or a decodable work unit refused back), 0 crashes");
    driver.close();
  }

  @Property(tries = 2000)
  void shouldDeadLetterEveryMalformedMirroredAnnouncement(@ForAll("malformed") byte[] value) {
    throwAt("a." + topics.capabilities(), value, "announcements");
  }

  @Property(tries = 2000)
  void shouldDeadLetterEveryMalformedMirroredHeartbeat(@ForAll("malformed") byte[] value) {
    throwAt("a." + topics.nodeStatus(), value, "heartbeats");
  }

  @Property(tries = 2000)
  void shouldDeadLetterEveryMalformedMirroredWorkUnit(@ForAll("malformed") byte[] value) {
    throwAt("a." + topics.sites().outbox("b", "work"), value, "work");
  }

  @Property(tries = 2000)
  void shouldDeadLetterEveryMalformedMirroredAttempt(@ForAll("malformed") byte[] value) {
    throwAt("a." + topics.sites().outbox("b", "attempts"), value, "attempts");
  }

  @Property(tries = 2000)
  void shouldDeadLetterEveryMalformedMirroredChunk(@ForAll("malformed") byte[] value) {
    throwAt("a." + topics.sites().outbox("b", "chunks"), value, "chunks");
  }

  private static void throwAt(String topic, byte[] value, String name) {
    TestInputTopic<String, byte[]> raw = driver.createInputTopic(topic, new StringSerializer(),
        new ByteArraySerializer());
    raw.pipeInput("fuzz-" + tries.incrementAndGet(), value);

    List<TestRecord<byte[], byte[]>> dead = dlq.readRecordsToList();
    if (dead.isEmpty() && name.equals("work")) {
      // bytes that happen to decode (a 1 MB record whose first bytes read as an empty work unit) are a work unit:
      // refused back to the other site, as a unit for a node this site does not have
      String workId = a.work().deserializer().deserialize(topic, value).getWorkId();
      assertThat(refusals.readValuesToList()).as("one refusal for a decodable work unit, none for a repeat of one")
          .hasSize(decodedWork.add(workId) ? 1 : 0).allSatisfy(r -> assertThat(r.getError()).isNotBlank());
      counts.computeIfAbsent("work refused back", k -> new AtomicInteger()).incrementAndGet();
      return;
    }
    assertThat(dead).as("one dead letter for a malformed record on " + topic).hasSize(1);
    Header reason = dead.get(0).headers().lastHeader("__streams.errors.message");
    assertThat(reason).as("reason header").isNotNull();
    assertThat(new String(reason.value(), StandardCharsets.UTF_8)).isNotBlank();
    assertThat(dead.get(0).value()).isEqualTo(value);
    counts.computeIfAbsent(name, k -> new AtomicInteger()).incrementAndGet();
    if (tries.get() % 500 == 0) {
      String id = "good-" + tries.get();
      driver.createInputTopic("a." + topics.sites().outbox("b", "attempts"), new StringSerializer(),
          a.result().serializer()).pipeInput(id, attempt(id));
      assertThat(attempts.readValuesToList()).as("good records keep crossing")
          .anySatisfy(r -> assertThat(r.getIntentId()).isEqualTo(id));
    }
  }

  private static WorkResult attempt(String id) {
    return WorkResult.newBuilder().setIntentId(id).setStatus(WorkStatus.SUCCEEDED).setOutput("an answer")
        .setTimings(Timings.newBuilder().setIntentCreatedAt(NOW).setFinishedAt(NOW).build()).build();
  }

  /** Bytes that are not a record of the wire contract: random, wrong magic, unknown schema id, truncated, oversized. */
  @Provide
  Arbitrary<byte[]> malformed() {
    byte[] unit = a.work().serializer().serialize("t", WorkUnit.newBuilder().setWorkId("w").setIntentId("i")
        .setRouteId("r").setNodeId("n").setCapabilityId("c")
        .setCapabilityType(dev.atmosphere.schemas.CapabilityType.LLM).setProvider(Provider.LLAMAFARM).setTarget("t")
        .setKind(IntentKind.CHAT).setText("summarise the contract").setIntentCreatedAt(NOW).setRoutedAt(NOW).build());
    byte[] result = a.result().serializer().serialize("t", attempt("template"));
    return dev.atmosphere.schemas.fixtures.MalformedRecords.of(unit, result);
  }
}
