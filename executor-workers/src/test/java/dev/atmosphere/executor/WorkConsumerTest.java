package dev.atmosphere.executor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.atmosphere.backends.Outcome;
import dev.atmosphere.common.kafka.DeadLetters;
import dev.atmosphere.common.testing.MutableClock;
import dev.atmosphere.schemas.CapabilityType;
import dev.atmosphere.schemas.IntentKind;
import dev.atmosphere.schemas.Provider;
import dev.atmosphere.schemas.ResultChunk;
import dev.atmosphere.schemas.WorkResult;
import dev.atmosphere.schemas.WorkStatus;
import dev.atmosphere.schemas.WorkUnit;
import dev.atmosphere.schemas.serde.AvroSerdes;
import dev.atmosphere.schemas.serde.InMemorySchemaRegistryClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/**
 * The executor's poll loop against Kafka's mock clients: rejection beyond capacity, dead letters, registry outages,
 * and pipelining — a short unit is committed while a long one before it still runs, and a unit finished before a
 * restart is not run again.
 */
class WorkConsumerTest {

  private static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");
  private final AvroSerdes serdes = new AvroSerdes(new InMemorySchemaRegistryClient());
  private final MockConsumer<String, byte[]> consumer = new MockConsumer<>("earliest");
  private final MockProducer<String, WorkResult> results =
      new MockProducer<>(true, null, serdes.keys().serializer(), serdes.result().serializer());
  private final MockProducer<byte[], byte[]> dlq =
      new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
  private final MockProducer<String, ResultChunk> chunks =
      new MockProducer<>(true, null, serdes.keys().serializer(), serdes.chunk().serializer());
  private final MutableClock clock = new MutableClock(T0);

  private WorkConsumer consumer(int capacity) {
    return consumer(capacity, serdes.work().deserializer());
  }

  private WorkConsumer consumer(int capacity, org.apache.kafka.common.serialization.Deserializer<WorkUnit> decoder) {
    return consumer(capacity, decoder, 1, (unit, timeout) -> new Outcome("done " + unit.getIntentId(), "{}", null,
        null));
  }

  private WorkConsumer consumer(int capacity, org.apache.kafka.common.serialization.Deserializer<WorkUnit> decoder,
      int threads, dev.atmosphere.backends.Backend backend) {
    WorkRunner runner = new WorkRunner("n1", Map.of(Provider.BUILTIN, backend), Duration.ofSeconds(5), clock);
    return new WorkConsumer(consumer, results, decoder, new DeadLetters(dlq, "dlq", "n1", new io.micrometer.core.instrument.simple.SimpleMeterRegistry()),
        runner, new ChunkPublisher(chunks, "chunks", "n1", clock), Executors.newFixedThreadPool(threads), "work",
        u -> "results", Duration.ofMillis(10), capacity, new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
  }

  private static void released(CountDownLatch latch) {
    try {
      if (!latch.await(20, java.util.concurrent.TimeUnit.SECONDS)) {
        throw new IllegalStateException("the slow unit was never released");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The offset and metadata of the last commit of partition 0. */
  private OffsetAndMetadata lastCommitted() {
    var history = results.consumerGroupOffsetsHistory();
    return history.isEmpty() ? null
        : history.get(history.size() - 1).values().iterator().next().get(new TopicPartition("work", 0));
  }

  /** Steps the loop (as its poll loop does, with nothing new polled) until partition 0 is committed up to {@code n}. */
  private void stepUntilCommitted(WorkConsumer loop, long n) {
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
      loop.step(ConsumerRecords.empty());
      assertThat(lastCommitted()).isNotNull().extracting(OffsetAndMetadata::offset).isEqualTo(n);
    });
  }

  private ConsumerRecords<String, byte[]> batch(int n) {
    TopicPartition tp = new TopicPartition("work", 0);
    List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      WorkUnit unit = WorkUnit.newBuilder().setWorkId("w" + i).setIntentId("i" + i).setRouteId("r" + i)
          .setNodeId("n1").setCapabilityId("builtin").setCapabilityType(CapabilityType.EMBEDDINGS)
          .setProvider(Provider.BUILTIN).setTarget("m").setKind(IntentKind.EMBED).setText("t" + i)
          .setIntentCreatedAt(T0).setRoutedAt(T0).build();
      records.add(new ConsumerRecord<>("work", 0, i, "i" + i, serdes.work().serializer().serialize("work", unit)));
    }
    consumer.assign(List.of(tp));
    return new ConsumerRecords<>(Map.of(tp, records), Map.of());
  }

  @Test
  void shouldRetryTheWholeBatchWithoutDeadLetteringWhenTheRegistryIsDown() {
    results.initTransactions();
    ConsumerRecords<String, byte[]> batch = batch(3);
    consumer.seek(new TopicPartition("work", 0), 3); // as after the poll that returned the batch

    consumer(4, (topic, data) -> {
      throw new dev.atmosphere.schemas.serde.RegistryUnavailableException("registry at http://x unreachable", null);
    }).step(batch);

    assertThat(dlq.history()).as("an outage is not poison").isEmpty();
    assertThat(results.history()).as("nothing ran").isEmpty();
    assertThat(results.consumerGroupOffsetsHistory()).as("nothing committed").isEmpty();
    assertThat(consumer.position(new TopicPartition("work", 0))).as("read again from the batch's start").isZero();
  }

  @Test
  void shouldRejectWithAReasonWhatExceedsConcurrencyPlusQueueDepthAndCommitEverything() {
    results.initTransactions();
    WorkConsumer loop = consumer(2);

    loop.step(batch(4));
    stepUntilCommitted(loop, 4);

    assertThat(results.history()).extracting(r -> r.value().getIntentId() + " " + r.value().getStatus())
        .containsExactlyInAnyOrder("i0 SUCCEEDED", "i1 SUCCEEDED", "i2 REJECTED", "i3 REJECTED");
    assertThat(results.history()).filteredOn(r -> r.value().getStatus() == WorkStatus.REJECTED)
        .allSatisfy(r -> assertThat(r.value().getError()).startsWith("node queue is full: 2 units"));
    assertThat(results.transactionCommitted()).isTrue();
    assertThat(lastCommitted().metadata()).as("nothing finished beyond the offset").isEmpty();
  }

  @Test
  void shouldCommitAShortUnitWhileALongOneBeforeItStillRuns() throws Exception {
    results.initTransactions();
    CountDownLatch slow = new CountDownLatch(1);
    WorkConsumer loop = consumer(4, serdes.work().deserializer(), 2, (unit, timeout) -> {
      if (unit.getIntentId().equals("i0")) {
        released(slow);
      }
      return new Outcome("done " + unit.getIntentId(), "{}", null, null);
    });

    loop.step(batch(2));
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
      loop.step(ConsumerRecords.empty());
      assertThat(results.history()).extracting(r -> r.value().getIntentId()).containsExactly("i1");
    });

    assertThat(lastCommitted()).as("the offset stays at the unit still running; the one after it is listed as done")
        .isEqualTo(new OffsetAndMetadata(0, "atmosphere-done:1"));
    slow.countDown();
    stepUntilCommitted(loop, 2);
    assertThat(results.history()).extracting(r -> r.value().getIntentId()).containsExactly("i1", "i0");
    assertThat(lastCommitted().metadata()).isEmpty();
  }

  @Test
  void shouldNotRunAgainAUnitItsPreviousOwnerFinishedWhenItReadsThePartitionAgain() {
    results.initTransactions();
    AtomicInteger calls = new AtomicInteger();
    WorkConsumer loop = consumer(4, serdes.work().deserializer(), 2, (unit, timeout) -> {
      calls.incrementAndGet();
      return new Outcome("done " + unit.getIntentId(), "{}", null, null);
    });
    ConsumerRecords<String, byte[]> units = batch(3);
    TopicPartition tp = new TopicPartition("work", 0);
    consumer.commitSync(Map.of(tp, new OffsetAndMetadata(0, "atmosphere-done:1"))); // what the last owner committed

    loop.assigned(List.of(tp));
    loop.step(units);
    stepUntilCommitted(loop, 3);

    assertThat(results.history()).extracting(r -> r.value().getIntentId()).containsExactlyInAnyOrder("i0", "i2");
    assertThat(calls).as("unit 1 ran before the restart and is not run again").hasValue(2);
  }

  @Test
  void shouldDeadLetterAnUndecodableUnitAndStillCommitItsOffset() {
    results.initTransactions();
    TopicPartition tp = new TopicPartition("work", 0);
    consumer.assign(List.of(tp));
    ConsumerRecords<String, byte[]> poison = new ConsumerRecords<>(Map.of(tp,
        List.of(new ConsumerRecord<>("work", 0, 7L, "k", "garbage".getBytes()))), Map.of());

    consumer(2).step(poison);

    assertThat(dlq.history()).hasSize(1);
    assertThat(new String(dlq.history().get(0).headers().lastHeader("__streams.errors.offset").value())).isEqualTo("7");
    assertThat(results.consumerGroupOffsetsHistory().get(0).values().iterator().next().get(tp).offset()).isEqualTo(8);
  }
}
