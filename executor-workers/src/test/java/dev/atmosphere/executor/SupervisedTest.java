package dev.atmosphere.executor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.atmosphere.common.kafka.DeadLetters;
import dev.atmosphere.schemas.ResultChunk;
import dev.atmosphere.schemas.WorkResult;
import dev.atmosphere.schemas.serde.AvroSerdes;
import dev.atmosphere.schemas.serde.InMemorySchemaRegistryClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/** The work loop dies (a fenced producer) and the executor neither stays dead nor claims to take work meanwhile. */
class SupervisedTest {

  private final AvroSerdes serdes = new AvroSerdes(new InMemorySchemaRegistryClient());
  private final List<MockConsumer<String, byte[]>> consumers = new CopyOnWriteArrayList<>();

  private WorkConsumer loop(boolean fenced) {
    MockConsumer<String, byte[]> consumer = new MockConsumer<>("earliest");
    consumers.add(consumer);
    MockProducer<String, WorkResult> results =
        new MockProducer<>(true, null, serdes.keys().serializer(), serdes.result().serializer());
    if (fenced) {
      results.initTransactionException = new ProducerFencedException("another executor took over");
    }
    WorkRunner runner = new WorkRunner("n1", Map.of(), Duration.ofSeconds(5), Clock.systemUTC());
    return new WorkConsumer(consumer, results, serdes.work().deserializer(), new DeadLetters(
        new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer()), "dlq", "n1", new io.micrometer.core.instrument.simple.SimpleMeterRegistry()), runner,
        new ChunkPublisher(new MockProducer<String, ResultChunk>(true, null, serdes.keys().serializer(),
            serdes.chunk().serializer()), "chunks", "n1", Clock.systemUTC()), Executors.newSingleThreadExecutor(),
        "work", u -> "results", Duration.ofMillis(5), 4, new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
  }

  @Test
  void shouldRestartADeadLoopWithANewConsumerAndSayItIsNotAcceptingWorkMeanwhile() throws Exception {
    CountDownLatch secondRequested = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Supervised supervised = new Supervised("test-loop", () -> {
      if (consumers.isEmpty()) {
        return loop(true); // dies at once: its producer is fenced
      }
      secondRequested.countDown();
      try {
        release.await(10, TimeUnit.SECONDS); // hold the restart while the test looks at the dead state
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return loop(false);
    }, Duration.ofMillis(50));

    supervised.start();
    assertThat(secondRequested.await(10, TimeUnit.SECONDS)).as("a new loop was asked for").isTrue();
    boolean acceptingWhileDead = supervised.accepting();
    release.countDown();
    await().atMost(Duration.ofSeconds(10)).until(supervised::accepting);

    assertThat(acceptingWhileDead).isFalse();
    assertThat(supervised.starts()).isEqualTo(2);
    assertThat(consumers).hasSize(2);
    assertThat(consumers.get(0).closed()).as("the dead loop's consumer is closed").isTrue();
    supervised.close();
    assertThat(supervised.accepting()).isFalse();
    await().atMost(Duration.ofSeconds(10)).until(() -> consumers.get(1).closed());
  }

  @Test
  void shouldStopWithoutRestartingWhenClosed() {
    Supervised supervised = new Supervised("test-loop", () -> loop(false), Duration.ofMillis(50)).start();
    await().atMost(Duration.ofSeconds(10)).until(supervised::accepting);

    supervised.close();

    assertThat(supervised.starts()).isEqualTo(1);
    await().atMost(Duration.ofSeconds(10)).until(() -> consumers.get(0).closed());
  }
}
