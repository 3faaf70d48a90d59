package dev.atmosphere.scaler.actuator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atmosphere.common.kafka.DeadLetters;
import dev.atmosphere.schemas.CapabilityType;
import dev.atmosphere.schemas.ScaleAction;
import dev.atmosphere.schemas.ScaleCommand;
import dev.atmosphere.schemas.serde.AvroSerdes;
import dev.atmosphere.schemas.serde.InMemorySchemaRegistryClient;
import dev.atmosphere.schemas.serde.RegistryUnavailableException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.junit.jupiter.api.Test;

/**
 * The actuators' consumer survives what a topic can hold: a poison record goes to the scaler DLQ with why and the next
 * command is applied; a fault (registry down, an actuator throwing) rewinds to the record instead of losing it.
 */
class ScaleCommandConsumerTest {

  private static final String TOPIC = "atmosphere.scale.commands";
  private static final TopicPartition TP = new TopicPartition(TOPIC, 0);

  private final AvroSerdes serdes = new AvroSerdes(new InMemorySchemaRegistryClient());
  private final MockConsumer<String, byte[]> consumer = new MockConsumer<>("earliest");
  private final MockProducer<byte[], byte[]> dlq = new MockProducer<>(true, null, new ByteArraySerializer(),
      new ByteArraySerializer());
  private final List<String> applied = new ArrayList<>();

  private ScaleCommandConsumer actuators(Deserializer<ScaleCommand> decode,
      java.util.function.Consumer<ScaleCommand> apply) {
    ScaleCommandConsumer c = new ScaleCommandConsumer(consumer, TOPIC, decode,
        new DeadLetters(dlq, "atmosphere.scale.dlq", "scaler", new io.micrometer.core.instrument.simple.SimpleMeterRegistry()), apply);
    consumer.rebalance(List.of(TP));
    consumer.updateBeginningOffsets(Map.of(TP, 0L));
    return c;
  }

  private static ScaleCommand command(String id) {
    return ScaleCommand.newBuilder().setCommandId(id).setCapabilityType(CapabilityType.LLM)
        .setAction(ScaleAction.SCALE_UP).setFromReplicas(1).setToReplicas(2).setReason("test").setDryRun(true)
        .setWindowStart(Instant.EPOCH).setWindowEnd(Instant.EPOCH).build();
  }

  private void add(long offset, byte[] value) {
    consumer.addRecord(new ConsumerRecord<>(TOPIC, 0, offset, "LLM", value));
  }

  private byte[] encoded(String id) {
    return serdes.serde(ScaleCommand.class).serializer().serialize(TOPIC, command(id));
  }

  @Test
  void shouldDeadLetterAPoisonRecordAndApplyTheNextCommand() {
    ScaleCommandConsumer c = actuators(serdes.serde(ScaleCommand.class).deserializer(),
        cmd -> applied.add(cmd.getCommandId()));
    add(0, "not avro".getBytes(StandardCharsets.UTF_8));
    add(1, encoded("c1"));

    c.pollOnce(Duration.ZERO);

    assertThat(applied).containsExactly("c1");
    assertThat(dlq.history()).singleElement().satisfies(d -> {
      assertThat(new String(d.value(), StandardCharsets.UTF_8)).isEqualTo("not avro");
      assertThat(new String(d.headers().lastHeader(DeadLetters.MESSAGE).value(), StandardCharsets.UTF_8))
          .isNotBlank();
      assertThat(new String(d.headers().lastHeader(DeadLetters.OFFSET).value(), StandardCharsets.UTF_8))
          .isEqualTo("0");
    });
    assertThat(consumer.committed(java.util.Set.of(TP))).containsEntry(TP, new OffsetAndMetadata(2));
  }

  @Test
  void shouldReadACommandAgainWhenItsActuatorFailsInsteadOfDeadLetteringIt() {
    AtomicInteger tries = new AtomicInteger();
    ScaleCommandConsumer c = actuators(serdes.serde(ScaleCommand.class).deserializer(), cmd -> {
      if (tries.incrementAndGet() == 1) {
        throw new IllegalStateException("cloud API answered 503");
      }
      applied.add(cmd.getCommandId());
    });
    add(0, encoded("c1"));

    c.pollOnce(Duration.ZERO);
    assertThat(applied).isEmpty();
    assertThat(consumer.position(TP)).as("rewound to the command").isZero();
    add(0, encoded("c1")); // what the broker hands out again after the seek
    c.pollOnce(Duration.ZERO);

    assertThat(applied).containsExactly("c1");
    assertThat(dlq.history()).isEmpty();
  }

  @Test
  void shouldNotDeadLetterWhileTheRegistryIsDown() {
    Deserializer<ScaleCommand> real = serdes.serde(ScaleCommand.class).deserializer();
    AtomicInteger reads = new AtomicInteger();
    ScaleCommandConsumer c = actuators((topic, bytes) -> {
      if (reads.incrementAndGet() == 1) {
        throw new RegistryUnavailableException("registry down", new java.net.ConnectException("refused"));
      }
      return real.deserialize(topic, bytes);
    }, cmd -> applied.add(cmd.getCommandId()));
    add(0, encoded("c1"));

    c.pollOnce(Duration.ZERO);
    assertThat(consumer.position(TP)).as("rewound to the command").isZero();
    add(0, encoded("c1")); // what the broker hands out again after the seek
    c.pollOnce(Duration.ZERO);

    assertThat(applied).containsExactly("c1");
    assertThat(dlq.history()).isEmpty();
  }
}
