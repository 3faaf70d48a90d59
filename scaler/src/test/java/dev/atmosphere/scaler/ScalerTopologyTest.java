package dev.atmosphere.scaler;

import static dev.atmosphere.schemas.fixtures.Fixtures.alive;
import static dev.atmosphere.schemas.fixtures.Fixtures.capability;
import static org.assertj.core.api.Assertions.assertThat;

import dev.atmosphere.common.config.Settings;
import dev.atmosphere.schemas.CapabilityAnnouncement;
import dev.atmosphere.schemas.CapabilityType;
import dev.atmosphere.schemas.NodeStatus;
import dev.atmosphere.schemas.ScaleAction;
import dev.atmosphere.schemas.ScaleRecommendation;
import dev.atmosphere.schemas.serde.AvroSerdes;
import dev.atmosphere.schemas.serde.InMemorySchemaRegistryClient;
import dev.atmosphere.schemas.topics.Topics;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScalerTopologyTest {

  private static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");
  @TempDir Path state;
  private final Topics topics = Topics.defaults();
  private final AvroSerdes serdes = new AvroSerdes(new InMemorySchemaRegistryClient());
  private TopologyTestDriver driver;
  private TestInputTopic<String, NodeStatus> status;
  private TestOutputTopic<String, ScaleRecommendation> out;

  @BeforeEach
  void start() {
    ScalerConfig config = ScalerConfig.from(Settings.of(Map.of("scaler.state.dir", state.toString(),
        "scaler.window", "1m", "scaler.grace", "1s")));
    driver = new TopologyTestDriver(ScalerTopology.build(config, serdes, new io.micrometer.core.instrument.simple.SimpleMeterRegistry()), ScalerService.streamsConfig(config));
    TestInputTopic<String, CapabilityAnnouncement> caps =
        driver.createInputTopic(topics.verifiedCapabilities(), new StringSerializer(), serdes.capability().serializer());
    for (String node : List.of("a", "b")) {
      caps.pipeInput(Topics.capabilityKey(node, "llm-" + node),
          capability(node, "llm-" + node, CapabilityType.LLM, "m", "chat").build());
    }
    caps.pipeInput(Topics.capabilityKey("a", "emb"), capability("a", "emb", CapabilityType.EMBEDDINGS, "e", "e").build());
    status = driver.createInputTopic(topics.verifiedNodeStatus(), new StringSerializer(), serdes.nodeStatus().serializer());
    out = driver.createOutputTopic(topics.scaleRecommendations(), new StringDeserializer(),
        serdes.scaleRecommendation().deserializer());
  }

  @AfterEach
  void stop() {
    driver.close();
  }

  private void beat(String node, double load, int queue, Instant at) {
    status.pipeInput(node, alive(node, at).setLoad(load).setQueueDepth(queue).setReportedAt(at).build(), at);
  }

  @Test
  void shouldRecommendScaleUpForTheTypesOfBusyNodesWhenTheWindowCloses() {
    beat("a", 0.9, 0, T0.plusSeconds(5));
    beat("b", 0.95, 6, T0.plusSeconds(10));
    beat("a", 0.1, 0, T0.plusSeconds(70)); // closes the first window (+ 1 s grace) once time passes 61 s
    beat("b", 0.1, 0, T0.plusSeconds(75));

    List<ScaleRecommendation> recs = out.readValuesToList();

    ScaleRecommendation llm = recs.stream().filter(r -> r.getCapabilityType() == CapabilityType.LLM).findFirst()
        .orElseThrow();
    assertThat(llm.getAction()).isEqualTo(ScaleAction.SCALE_UP);
    assertThat(llm.getNodes()).containsExactly("a", "b");
    assertThat(llm.getSamples()).isEqualTo(2);
    assertThat(llm.getMaxQueueDepth()).isEqualTo(6);
    assertThat(llm.getWindowStart()).isEqualTo(T0);
    ScaleRecommendation embeddings = recs.stream()
        .filter(r -> r.getCapabilityType() == CapabilityType.EMBEDDINGS).findFirst().orElseThrow();
    assertThat(embeddings.getNodes()).containsExactly("a");
    assertThat(embeddings.getAction()).isEqualTo(ScaleAction.SCALE_UP);
  }

  @Test
  void shouldRecommendScaleDownWhenNodesIdleThroughAWindow() {
    beat("a", 0.05, 0, T0.plusSeconds(5));
    beat("b", 0.0, 0, T0.plusSeconds(30));
    beat("a", 0.05, 0, T0.plusSeconds(90));

    assertThat(out.readValuesToList()).filteredOn(r -> r.getCapabilityType() == CapabilityType.LLM)
        .singleElement().satisfies(r -> {
          assertThat(r.getAction()).isEqualTo(ScaleAction.SCALE_DOWN);
          assertThat(r.getAverageLoad()).isEqualTo(0.025);
        });
  }

  @Test
  void shouldTurnABusyWindowIntoAScaleCommandWithItsReasonAndThenCoolDown() {
    var commands = driver.createOutputTopic(topics.scaleCommands(), new StringDeserializer(),
        serdes.serde(dev.atmosphere.schemas.ScaleCommand.class).deserializer());
    beat("a", 0.9, 0, T0.plusSeconds(5));
    beat("b", 0.95, 6, T0.plusSeconds(10));
    beat("a", 0.9, 3, T0.plusSeconds(70));   // second busy window: within the 5-minute cooldown
    beat("b", 0.9, 3, T0.plusSeconds(130));

    var llm = commands.readValuesToList().stream()
        .filter(c -> c.getCapabilityType() == CapabilityType.LLM).toList();
    assertThat(llm).singleElement().satisfies(c -> {
      assertThat(c.getAction()).isEqualTo(ScaleAction.SCALE_UP);
      assertThat(c.getFromReplicas()).isEqualTo(2);
      assertThat(c.getToReplicas()).isEqualTo(3);
      assertThat(c.getReason()).startsWith("average load 0.93 (up above 0.80");
      assertThat(c.getWindowEnd()).isEqualTo(T0.plusSeconds(60));
    });
  }
}
