package dev.atmosphere.executor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atmosphere.common.kafka.DeadLetters;
import dev.atmosphere.common.testing.MutableClock;
import dev.atmosphere.executor.backend.Outcome;
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
import java.util.concurrent.Executors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

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
    WorkRunner runner = new WorkRunner("n1", Map.of(Provider.BUILTIN, (unit, timeout) ->
        new Outcome("done " + unit.getIntentId(), "{}", null, null)), Duration.ofSeconds(5), clock);
    return new WorkConsumer(consumer, results, decoder, new DeadLetters(dlq, "dlq", "n1"),
        runner, new ChunkPublisher(chunks, "chunks", "n1", clock), Executors.newFixedThreadPool(1), "work",
        "results", Duration.ofMillis(10), capacity);
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
    }).processBatch(batch);

    assertThat(dlq.history()).as("an outage is not poison").isEmpty();
    assertThat(results.history()).as("nothing ran").isEmpty();
    assertThat(results.consumerGroupOffsetsHistory()).as("nothing committed").isEmpty();
    assertThat(consumer.position(new TopicPartition("work", 0))).as("read again from the batch's start").isZero();
  }

  @Test
  void shouldRejectWithAReasonWhatExceedsConcurrencyPlusQueueDepthAndCommitEverything() {
    results.initTransactions();

    consumer(2).processBatch(batch(4));

    assertThat(results.history()).extracting(ProducerRecord::value).extracting(WorkResult::getStatus)
        .containsExactly(WorkStatus.SUCCEEDED, WorkStatus.SUCCEEDED, WorkStatus.REJECTED, WorkStatus.REJECTED);
    assertThat(results.history().get(3).value().getError()).startsWith("node queue is full: 2 units");
    assertThat(results.transactionCommitted()).isTrue();
    assertThat(results.consumerGroupOffsetsHistory()).isNotEmpty();
  }

  @Test
  void shouldDeadLetterAnUndecodableUnitAndStillCommitItsOffset() {
    results.initTransactions();
    TopicPartition tp = new TopicPartition("work", 0);
    consumer.assign(List.of(tp));
    ConsumerRecords<String, byte[]> poison = new ConsumerRecords<>(Map.of(tp,
        List.of(new ConsumerRecord<>("work", 0, 7L, "k", "garbage".getBytes()))), Map.of());

    consumer(2).processBatch(poison);

    assertThat(dlq.history()).hasSize(1);
    assertThat(new String(dlq.history().get(0).headers().lastHeader("__streams.errors.offset").value())).isEqualTo("7");
    assertThat(results.consumerGroupOffsetsHistory().get(0).values().iterator().next().get(tp).offset()).isEqualTo(8);
  }
}
