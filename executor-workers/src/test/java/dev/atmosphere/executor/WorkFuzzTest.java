package dev.atmosphere.executor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atmosphere.common.kafka.DeadLetters;
import dev.atmosphere.schemas.ResultChunk;
import dev.atmosphere.schemas.WorkResult;
import dev.atmosphere.schemas.serde.AvroSerdes;
import dev.atmosphere.schemas.serde.InMemorySchemaRegistryClient;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** 2,500 malformed work units at the executor's loop: each one dead-lettered with its reason, its offset committed. */
class WorkFuzzTest {

  private static final AtomicInteger deadLettered = new AtomicInteger();
  private final AvroSerdes serdes = new AvroSerdes(new InMemorySchemaRegistryClient());

  @AfterContainer
  static void report() {
    System.out.println("executor work fuzz: " + deadLettered + " malformed units, every one dead-lettered with its "
        + "reason and committed, 0 crashes");
  }

  @Property(tries = 2500)
  void shouldDeadLetterEveryMalformedWorkUnitAndCommitPastIt(@ForAll("malformed") byte[] value) {
    MockConsumer<String, byte[]> consumer = new MockConsumer<>("earliest");
    MockProducer<String, WorkResult> results =
        new MockProducer<>(true, null, serdes.keys().serializer(), serdes.result().serializer());
    MockProducer<byte[], byte[]> dlq = new MockProducer<>(true, null, new ByteArraySerializer(),
        new ByteArraySerializer());
    WorkConsumer loop = new WorkConsumer(consumer, results, serdes.work().deserializer(),
        new DeadLetters(dlq, "dlq", "n1", new io.micrometer.core.instrument.simple.SimpleMeterRegistry()), new WorkRunner("n1", Map.of(), Duration.ofSeconds(5), Clock.systemUTC()),
        new ChunkPublisher(new MockProducer<String, ResultChunk>(true, null, serdes.keys().serializer(),
            serdes.chunk().serializer()), "chunks", "n1", Clock.systemUTC()), Executors.newSingleThreadExecutor(),
        "work", u -> "results", Duration.ofMillis(5), 4, new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
    results.initTransactions();
    TopicPartition tp = new TopicPartition("work", 0);
    consumer.assign(List.of(tp));

    loop.step(new ConsumerRecords<>(Map.of(tp, List.of(new ConsumerRecord<>("work", 0, 41L, "k", value))),
        Map.of()));

    assertThat(dlq.history()).hasSize(1);
    assertThat(dlq.history().get(0).value()).isEqualTo(value);
    assertThat(new String(dlq.history().get(0).headers().lastHeader("__streams.errors.message").value(),
        StandardCharsets.UTF_8)).isNotBlank();
    assertThat(results.history()).as("nothing ran").isEmpty();
    assertThat(results.consumerGroupOffsetsHistory().get(0).values().iterator().next().get(tp).offset())
        .isEqualTo(42);
    deadLettered.incrementAndGet();
  }

  @Provide
  Arbitrary<byte[]> malformed() {
    return Arbitraries.oneOf(
        Arbitraries.bytes().array(byte[].class).ofMinSize(0).ofMaxSize(2048),
        Arbitraries.bytes().array(byte[].class).ofMaxSize(256).map(b -> ByteBuffer.allocate(5 + b.length)
            .put((byte) 0).putInt(Integer.MAX_VALUE - 3).put(b).array()),
        Arbitraries.integers().between(1, 255).flatMap(magic -> Arbitraries.bytes().array(byte[].class)
            .ofMaxSize(64).map(b -> ByteBuffer.allocate(5 + b.length).put((byte) (int) magic).putInt(1).put(b)
                .array())));
  }
}
