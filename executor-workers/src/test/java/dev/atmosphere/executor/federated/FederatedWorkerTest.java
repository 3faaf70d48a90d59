package dev.atmosphere.executor.federated;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atmosphere.backends.llamafarm.LlamaFarmBackend;
import dev.atmosphere.common.http.JsonHttp;
import dev.atmosphere.common.testing.FakeLlamaFarm;
import dev.atmosphere.common.testing.MutableClock;
import dev.atmosphere.executor.WorkRunner;
import dev.atmosphere.schemas.CapabilityType;
import dev.atmosphere.schemas.FederatedAggregation;
import dev.atmosphere.schemas.FederatedPart;
import dev.atmosphere.schemas.FederatedSpec;
import dev.atmosphere.schemas.FederatedTask;
import dev.atmosphere.schemas.Provider;
import dev.atmosphere.schemas.serde.AvroSerdes;
import dev.atmosphere.schemas.serde.InMemorySchemaRegistryClient;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node answers a federated task from its own RAG project and releases only the noised statistic: the raw answer
 * never reaches the producer, the release is kept, and the same task again re-sends the same bytes.
 */
class FederatedWorkerTest {

  private static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");
  @TempDir static Path dir;
  private final FakeLlamaFarm lf = new FakeLlamaFarm()
      .project("records", "ward", FakeLlamaFarm.projectConfig("records", "ward", "clerk", "qwen3:8b", "Ward records",
          "You answer from the ward's patient records.", List.of("records_db")))
      .answers("records", "ward", q -> q.contains("how many") ? "PATIENT-7731 Jane Roe, PATIENT-7732: 42 in total"
          : q.contains("one of") ? "Mostly stroke, some flu" : "71\n88\n64");
  private final AvroSerdes serdes = new AvroSerdes(new InMemorySchemaRegistryClient());
  private final MockProducer<String, byte[]> producer =
      new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer());
  private final JsonHttp http = new JsonHttp(Duration.ofSeconds(2));
  private final FederatedWorker worker = new FederatedWorker("hospital-a",
      new MockConsumer<>(OffsetResetStrategy.EARLIEST), serdes.serde(FederatedTask.class).deserializer(), producer,
      serdes.serde(FederatedPart.class).serializer(), "t", "p",
      new WorkRunner("hospital-a", Map.of(Provider.LLAMAFARM, new LlamaFarmBackend(http, lf::url)),
          Duration.ofSeconds(5), new MutableClock(T0)), new ReleasedParts(dir), new MutableClock(T0));

  @AfterEach
  void stop() {
    lf.close();
  }

  private static FederatedTask task(String id, FederatedSpec spec) {
    return FederatedTask.newBuilder().setQueryId(id).setNodeId("hospital-a").setQuestion("how many patients had a "
            + "stroke?").setSpec(spec).setCapabilityId("llamafarm:rag:records/ward").setCapabilityType(CapabilityType.RAG)
        .setProvider(Provider.LLAMAFARM).setTarget("records/ward").setModelName("clerk")
        .setDeadlineAt(T0.plusSeconds(60)).build();
  }

  private FederatedPart sent(int i) {
    return serdes.serde(FederatedPart.class).deserializer().deserialize("p", producer.history().get(i).value());
  }

  @Test
  void shouldReleaseOnlyANoisedCountAndNothingOfTheAnswer() {
    worker.answer(task("q1", FederatedSpec.newBuilder().setAggregation(FederatedAggregation.COUNT).setEpsilon(1.0)
        .build()));

    FederatedPart part = sent(0);
    assertThat(part.getOk()).isTrue();
    assertThat(part.getValues()).hasSize(1);
    assertThat(part.getScale()).isEqualTo(1.0);
    assertThat(new String(producer.history().get(0).value(), java.nio.charset.StandardCharsets.ISO_8859_1))
        .doesNotContain("PATIENT").doesNotContain("Jane").doesNotContain("Roe");
    assertThat(lf.requests("/v1/projects/records/ward/chat/completions").get(0).json().get("rag_enabled").asBoolean())
        .isTrue();
  }

  @Test
  void shouldResendTheKeptReleaseInsteadOfDrawingFreshNoise() {
    FederatedTask t = task("q2", FederatedSpec.newBuilder().setAggregation(FederatedAggregation.MEAN).setEpsilon(0.5)
        .setLower(0).setUpper(120).build());

    worker.answer(t);
    worker.answer(t);

    assertThat(producer.history().get(1).value()).isEqualTo(producer.history().get(0).value());
    assertThat(sent(0).getValues()).hasSize(2);
    assertThat(lf.requests("/v1/projects/records/ward/chat/completions")).hasSize(1);
  }

  @Test
  void shouldResendTheKeptReleaseWithoutAskingTheModelAgainWhenTheRegistryFailedWhileSending() {
    java.util.concurrent.atomic.AtomicBoolean down = new java.util.concurrent.atomic.AtomicBoolean(true);
    org.apache.kafka.common.serialization.Serializer<FederatedPart> flaky = (topic, part) -> {
      if (down.getAndSet(false)) {
        throw new dev.atmosphere.schemas.serde.RegistryUnavailableException("registry down", null);
      }
      return serdes.serde(FederatedPart.class).serializer().serialize(topic, part);
    };
    FederatedWorker worker = new FederatedWorker("hospital-a", new MockConsumer<>(OffsetResetStrategy.EARLIEST),
        serdes.serde(FederatedTask.class).deserializer(), producer, flaky, "t", "p",
        new WorkRunner("hospital-a", Map.of(Provider.LLAMAFARM, new LlamaFarmBackend(http, lf::url)),
            Duration.ofSeconds(5), new MutableClock(T0)), new ReleasedParts(dir.resolve("flaky")), new MutableClock(T0));
    FederatedTask t = task("q4", FederatedSpec.newBuilder().setAggregation(FederatedAggregation.COUNT).setEpsilon(1.0)
        .build());

    org.assertj.core.api.Assertions.assertThatThrownBy(() -> worker.answer(t))
        .isInstanceOf(dev.atmosphere.schemas.serde.RegistryUnavailableException.class);
    worker.answer(t);

    assertThat(producer.history()).hasSize(1);
    assertThat(lf.requests("/v1/projects/records/ward/chat/completions")).hasSize(1);
  }

  @Test
  void shouldCountRecordsPerDeclaredCategoryAndVoteForTheFirstNamed() {
    assertThat(LocalStatistic.bins("stroke\nflu\nStroke, then flu\nbroken leg", List.of("stroke", "flu")))
        .containsExactly(2, 1);
    assertThat(LocalStatistic.firstCategory("Mostly stroke, some flu", List.of("flu", "stroke"))).isEqualTo(1);
    assertThat(LocalStatistic.firstCategory("nothing known", List.of("flu", "stroke"))).isEqualTo(-1);
    assertThat(LocalStatistic.integers("ages 71, 88 and -3")).containsExactly(71L, 88L, -3L);
  }

  @Test
  void shouldReleaseNothingButTheReasonWhenTheAnswerHoldsNoStatistic() {
    lf.answers("records", "ward", q -> "I cannot tell.");

    worker.answer(task("q3", FederatedSpec.newBuilder().setAggregation(FederatedAggregation.COUNT).setEpsilon(1.0)
        .build()));

    assertThat(sent(0).getOk()).isFalse();
    assertThat(sent(0).getValues()).isEmpty();
    assertThat(sent(0).getError()).isEqualTo("the answer holds no number");
  }
}
