package dev.atmosphere.router.topology;

import static dev.atmosphere.schemas.fixtures.Fixtures.intent;
import static org.assertj.core.api.Assertions.assertThat;

import dev.atmosphere.common.identity.NodeIdentity;
import dev.atmosphere.common.testing.FixedEmbedder;
import dev.atmosphere.schemas.CapabilityAnnouncement;
import dev.atmosphere.schemas.CapabilityType;
import dev.atmosphere.schemas.IntentKind;
import dev.atmosphere.schemas.Timings;
import dev.atmosphere.schemas.WorkResult;
import dev.atmosphere.schemas.WorkStatus;
import dev.atmosphere.schemas.fixtures.Fixtures;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.test.TestRecord;

/**
 * 10,000 malformed, truncated, oversized and mis-signed records thrown at the router's four inputs (intents, attempts,
 * announcements, heartbeats): none crashes it, every one ends as exactly one dead letter with its reason in the
 * headers, and routing goes on (a good intent is routed every 500 tries).
 */
class RecordFuzzTest {

  private static RouterHarness mesh;
  private static TestOutputTopic<byte[], byte[]> dlq;
  private static NodeIdentity signer;
  private static final Map<String, AtomicInteger> counts = new TreeMap<>();
  private static final AtomicInteger tries = new AtomicInteger();

  @BeforeContainer
  static void start() throws Exception {
    mesh = new RouterHarness(Files.createTempDirectory("fuzz"), new FixedEmbedder(),
        Map.of("router.cache.enabled", "false"));
    mesh.node("worker", "llamafarm:llm:x/y", "general chat");
    signer = NodeIdentity.ephemeral("fuzzer", Optional.empty());
    dlq = mesh.driver.createOutputTopic(mesh.topics.routerDlq(), new ByteArrayDeserializer(),
        new ByteArrayDeserializer());
  }

  @AfterContainer
  static void stop() {
    System.out.println("router record fuzz: " + counts + " — every one dead-lettered with its reason, 0 crashes");
    mesh.close();
  }

  @Property(tries = 2500)
  void shouldDeadLetterEveryMalformedIntent(@ForAll("malformed") byte[] value) {
    throwAt(mesh.topics.intents(), value, "intents");
  }

  @Property(tries = 2500)
  void shouldDeadLetterEveryMalformedAttempt(@ForAll("malformed") byte[] value) {
    throwAt(mesh.topics.attempts(), value, "attempts");
  }

  @Property(tries = 2500)
  void shouldDeadLetterEveryMalformedOrMisSignedAnnouncement(@ForAll("announcements") byte[] value) {
    throwAt(mesh.topics.capabilities(), value, "announcements");
  }

  @Property(tries = 2500)
  void shouldDeadLetterEveryMalformedHeartbeat(@ForAll("malformed") byte[] value) {
    throwAt(mesh.topics.nodeStatus(), value, "heartbeats");
  }

  @Property(tries = 2500)
  void shouldDeadLetterEveryMalformedPlan(@ForAll("malformed") byte[] value) {
    throwAt(mesh.topics.plans(), value, "plans");
  }

  private static void throwAt(String topic, byte[] value, String name) {
    TestInputTopic<String, byte[]> raw = mesh.driver.createInputTopic(topic, new StringSerializer(),
        new ByteArraySerializer());
    raw.pipeInput("fuzz-" + tries.incrementAndGet(), value);

    List<TestRecord<byte[], byte[]>> dead = dlq.readRecordsToList();
    assertThat(dead).as("one dead letter for a malformed record on " + topic).hasSize(1);
    Header reason = dead.get(0).headers().lastHeader("__streams.errors.message");
    assertThat(reason).as("reason header").isNotNull();
    assertThat(new String(reason.value(), StandardCharsets.UTF_8)).isNotBlank();
    assertThat(dead.get(0).value()).isEqualTo(value);
    counts.computeIfAbsent(name, k -> new AtomicInteger()).incrementAndGet();
    if (tries.get() % 500 == 0) {
      String id = "good-" + tries.get();
      mesh.intents.pipeInput(id, intent(id, IntentKind.CHAT, "hello there", RouterHarness.T0).build());
      assertThat(mesh.dispatched()).as("routing goes on").anySatisfy(u -> assertThat(u.getIntentId()).isEqualTo(id));
    }
  }

  /** Bytes that are not a record of the wire contract: random, wrong magic, unknown schema id, truncated, oversized. */
  @Provide
  Arbitrary<byte[]> malformed() {
    byte[] intent = mesh.serdes.intent().serializer().serialize(mesh.topics.intents(),
        intent("template", IntentKind.CHAT, "summarise the termination clause of this contract", RouterHarness.T0)
            .build());
    byte[] attempt = mesh.serdes.result().serializer().serialize(mesh.topics.attempts(), WorkResult.newBuilder()
        .setIntentId("template").setStatus(WorkStatus.SUCCEEDED).setOutput("an answer")
        .setTimings(Timings.newBuilder().setIntentCreatedAt(RouterHarness.T0).setFinishedAt(RouterHarness.T0).build())
        .build());
    return dev.atmosphere.schemas.fixtures.MalformedRecords.of(intent, attempt);
  }

  /** Malformed bytes, plus well-formed announcements whose signature does not match (tampered, or another key). */
  @Provide
  Arbitrary<byte[]> announcements() {
    return Arbitraries.oneOf(malformed(), Arbitraries.strings().ofMinLength(1).ofMaxLength(200).map(text -> {
      CapabilityAnnouncement honest = signer.sign(Fixtures.capability(signer.nodeId(), "llamafarm:llm:f/z",
          CapabilityType.LLM, "z", "chat").setSequence(tries.get() + 1000L).build(), c -> CapabilityAnnouncement
          .newBuilder(c).setPublicKey(signer.publicKeyBuffer()).setSignature(null).build());
      CapabilityAnnouncement tampered = CapabilityAnnouncement.newBuilder(honest).setDescription(text + " (forged)")
          .build();
      return mesh.serdes.capability().serializer().serialize(mesh.topics.capabilities(), tampered);
    }));
  }

}
