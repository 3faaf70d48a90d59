package dev.atmosphere.scaler.actuator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atmosphere.common.kafka.DeadLetters;
import dev.atmosphere.schemas.CapabilityType;
import dev.atmosphere.schemas.ScaleAction;
import dev.atmosphere.schemas.ScaleCommand;
import dev.atmosphere.schemas.serde.AvroSerdes;
import dev.atmosphere.schemas.serde.InMemorySchemaRegistryClient;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * 10,000 malformed, truncated and oversized records at the scaler's command consumer, each followed by a good command:
 * every bad one ends as one dead letter with its reason, the good one is applied, the offset moves past both, and the
 * consumer never throws.
 */
class ScaleCommandFuzzTest {

  private static final String TOPIC = "atmosphere.scale.commands";
  private static final TopicPartition TP = new TopicPartition(TOPIC, 0);
  private static final AtomicInteger deadLettered = new AtomicInteger();
  private static final AvroSerdes SERDES = new AvroSerdes(new InMemorySchemaRegistryClient());
  private static final byte[] GOOD = SERDES.serde(ScaleCommand.class).serializer().serialize(TOPIC,
      ScaleCommand.newBuilder().setCommandId("good").setCapabilityType(CapabilityType.LLM)
          .setAction(ScaleAction.SCALE_UP).setFromReplicas(1).setToReplicas(2).setReason("load").setDryRun(true)
          .setWindowStart(Instant.EPOCH).setWindowEnd(Instant.EPOCH).build());

  @AfterContainer
  static void report() {
    System.out.println("scaler command fuzz: " + deadLettered + " bad records, every one dead-lettered with its "
        + "reason, every following command applied, 0 crashes");
  }

  @Property(tries = 10_000)
  void shouldDeadLetterEveryBadRecordAndApplyTheNextCommand(@ForAll("bad") byte[] value) {
    MockConsumer<String, byte[]> consumer = new MockConsumer<>("earliest");
    MockProducer<byte[], byte[]> dlq = new MockProducer<>(true, null, new ByteArraySerializer(),
        new ByteArraySerializer());
    List<String> applied = new ArrayList<>();
    ScaleCommandConsumer actuators = new ScaleCommandConsumer(consumer, TOPIC,
        SERDES.serde(ScaleCommand.class).deserializer(), new DeadLetters(dlq, "atmosphere.scale.dlq", "scaler", new io.micrometer.core.instrument.simple.SimpleMeterRegistry()),
        c -> applied.add(c.getCommandId()));
    consumer.rebalance(List.of(TP));
    consumer.updateBeginningOffsets(Map.of(TP, 0L));
    consumer.addRecord(new ConsumerRecord<>(TOPIC, 0, 0, "LLM", value));
    consumer.addRecord(new ConsumerRecord<>(TOPIC, 0, 1, "LLM", GOOD));

    actuators.pollOnce(Duration.ZERO);

    assertThat(dlq.history()).singleElement().satisfies(d -> {
      assertThat(d.value()).isEqualTo(value);
      assertThat(new String(d.headers().lastHeader(DeadLetters.MESSAGE).value(), StandardCharsets.UTF_8))
          .isNotBlank();
    });
    assertThat(applied).containsExactly("good");
    assertThat(consumer.committed(java.util.Set.of(TP))).containsEntry(TP, new OffsetAndMetadata(2));
    deadLettered.incrementAndGet();
  }

  @Provide
  Arbitrary<byte[]> bad() {
    return Arbitraries.oneOf(
        Arbitraries.bytes().array(byte[].class).ofMinSize(0).ofMaxSize(2048),
        Arbitraries.integers().between(0, GOOD.length - 1).map(n -> Arrays.copyOf(GOOD, n)), // truncated
        Arbitraries.bytes().array(byte[].class).ofMaxSize(256).map(b -> ByteBuffer.allocate(5 + b.length)
            .put((byte) 0).putInt(Integer.MAX_VALUE - 3).put(b).array()), // an unknown schema id
        Arbitraries.integers().between(1, 255).map(magic -> { // a wrong magic byte on a good body
          byte[] copy = GOOD.clone();
          copy[0] = (byte) (int) magic;
          return copy;
        }),
        Arbitraries.just(oversized()));
  }

  private static byte[] oversized() {
    byte[] big = new byte[1_100_000];
    System.arraycopy(GOOD, 0, big, 0, 5);
    Arrays.fill(big, 5, big.length, (byte) 0x7f); // a 1.1 MB string length prefix that never ends
    return big;
  }
}
