package dev.atmosphere.router.topology;

import static dev.atmosphere.schemas.fixtures.Fixtures.intent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atmosphere.common.config.Settings;
import dev.atmosphere.common.testing.FixedEmbedder;
import dev.atmosphere.router.RouterConfig;
import dev.atmosphere.router.RouterStreamsConfig;
import dev.atmosphere.schemas.IntentKind;
import dev.atmosphere.schemas.Timings;
import dev.atmosphere.schemas.WorkResult;
import dev.atmosphere.schemas.WorkStatus;
import dev.atmosphere.schemas.serde.AvroSerdes;
import dev.atmosphere.schemas.serde.InMemorySchemaRegistryClient;
import dev.atmosphere.schemas.serde.RegistryUnavailableException;
import dev.atmosphere.schemas.serde.SchemaRegistryClient;
import dev.atmosphere.schemas.topics.Topics;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A registry outage is a fault, not poison: intents and attempts that cannot be decoded because the registry is
 * down fail the task (to be read again) and never reach the DLQ; a truly malformed record still does.
 */
class RegistryOutageTest {

  private final io.micrometer.core.instrument.simple.SimpleMeterRegistry meters =
      new io.micrometer.core.instrument.simple.SimpleMeterRegistry();

  private static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");

  /** A registry that can be taken down: lookups by id then fail as an unreachable registry would. */
  private static final class FlakyRegistry implements SchemaRegistryClient {
    private final InMemorySchemaRegistryClient delegate = new InMemorySchemaRegistryClient();
    volatile boolean down;

    @Override
    public int register(String subject, Schema schema) {
      return delegate.register(subject, schema);
    }

    @Override
    public Schema byId(int id) {
      if (down) {
        throw new RegistryUnavailableException("schema registry at http://registry:8081 unreachable", null);
      }
      return delegate.byId(id);
    }
  }

  @TempDir Path state;
  private final FlakyRegistry registry = new FlakyRegistry();
  private final AvroSerdes serdes = new AvroSerdes(registry);
  private final Topics topics = Topics.defaults();
  private TopologyTestDriver driver;
  private TestOutputTopic<byte[], byte[]> dlq;

  @BeforeEach
  void start() {
    RouterConfig config = RouterConfig.from(Settings.of(Map.of("router.state.dir", state.toString())));
    driver = new TopologyTestDriver(RouterTopology.build(config, serdes, new FixedEmbedder(), meters),
        RouterStreamsConfig.of(config), T0);
    dlq = driver.createOutputTopic(topics.routerDlq(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  @AfterEach
  void stop() {
    driver.close();
  }

  @Test
  void shouldFailTheTaskInsteadOfDeadLetteringAnIntentWhileTheRegistryIsDown() {
    byte[] bytes = serdes.intent().serializer().serialize(topics.intents(),
        intent("i", IntentKind.CHAT, "hello", T0).build());
    registry.down = true;

    assertThatThrownBy(() -> driver.createInputTopic(topics.intents(), new StringSerializer(), new ByteArraySerializer())
        .pipeInput("i", bytes)).hasStackTraceContaining("RegistryUnavailableException");
    assertThat(dlq.isEmpty()).as("a live intent is not lost to the DLQ").isTrue();
  }

  @Test
  void shouldFailTheTaskInsteadOfDeadLetteringAnAttemptWhileTheRegistryIsDown() {
    byte[] bytes = serdes.result().serializer().serialize(topics.attempts(), WorkResult.newBuilder()
        .setIntentId("i").setWorkId("i-w1").setStatus(WorkStatus.SUCCEEDED).setAttempts(1)
        .setTimings(Timings.newBuilder().setIntentCreatedAt(T0).setFinishedAt(T0).build()).build());
    registry.down = true;

    assertThatThrownBy(() -> driver.createInputTopic(topics.attempts(), new StringSerializer(), new ByteArraySerializer())
        .pipeInput("i", bytes)).hasStackTraceContaining("RegistryUnavailableException");
    assertThat(dlq.isEmpty()).isTrue();
  }

  @Test
  void shouldStillDeadLetterAMalformedIntentWithTheRegistryUp() {
    driver.createInputTopic(topics.intents(), new StringSerializer(), new ByteArraySerializer())
        .pipeInput("bad", new byte[] {0, 0, 0, 0, 1, 42});
    driver.createInputTopic(topics.intents(), new StringSerializer(), new ByteArraySerializer())
        .pipeInput("junk", "not avro".getBytes());

    assertThat(dlq.readRecordsToList()).hasSize(2);
  }
}
