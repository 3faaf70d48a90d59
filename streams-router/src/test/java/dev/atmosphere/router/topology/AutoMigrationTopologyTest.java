package dev.atmosphere.router.topology;

import static dev.atmosphere.router.topology.RouterHarness.T0;
import static dev.atmosphere.schemas.fixtures.Fixtures.intent;
import static org.assertj.core.api.Assertions.assertThat;

import dev.atmosphere.common.testing.FixedEmbedder;
import dev.atmosphere.schemas.IntentConstraints;
import dev.atmosphere.schemas.IntentKind;
import dev.atmosphere.schemas.MigrationEvent;
import dev.atmosphere.schemas.MigrationPhase;
import dev.atmosphere.schemas.Provider;
import dev.atmosphere.schemas.RouteDecision;
import dev.atmosphere.schemas.WorkResult;
import dev.atmosphere.schemas.WorkStatus;
import dev.atmosphere.schemas.WorkUnit;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The router moves the model to the data: a local-only intent for a model only another node's Ollama has asks for
 * that model's migration to the intent's own node, waits, and runs there once the model is announced — the route
 * saying why it waited. Off (the default), the same intent has no route.
 */
class AutoMigrationTopologyTest {

  @TempDir Path state;

  private static String setUp(RouterHarness mesh) {
    mesh.node("gpu-box", "ollama:llm:tiny:latest", "general chat");
    mesh.announce("gpu-box", "ollama:llm:tiny:latest", c -> {
      c.getMetadata().setProvider(Provider.OLLAMA);
      return c.setModels(List.of("tiny:latest"));
    });
    return mesh.node("clinic", "llamafarm:rag:records/ward", "patient records");
  }

  private static void post(RouterHarness mesh, String origin) {
    mesh.intents.pipeInput("i1", intent("i1", IntentKind.CHAT, "summarise these notes", T0).setOriginNodeId(origin)
        .setPinnedModel("tiny:latest").setConstraints(IntentConstraints.newBuilder().setLocalOnly(true).build())
        .setDeadlineAt(T0.plus(Duration.ofMinutes(10))).build());
  }

  @Test
  void shouldRequestTheModelForTheLocalOnlyIntentAndRunItThereOnceAnnounced() {
    try (RouterHarness mesh = new RouterHarness(state, new FixedEmbedder(), Map.of("router.cache.enabled", "false",
        "router.migration.enabled", "true"))) {
      String clinic = setUp(mesh);
      post(mesh, clinic);
      List<MigrationEvent> requested = mesh.driver.createOutputTopic(mesh.topics.migrations(), new StringDeserializer(),
          mesh.serdes.serde(MigrationEvent.class).deserializer()).readValuesToList();
      List<WorkUnit> beforeArrival = mesh.dispatched();

      mesh.announce("clinic", "ollama:llm:tiny:latest", c -> { // the migration completed: the clinic's Ollama has it
        c.getMetadata().setProvider(Provider.OLLAMA);
        return c.setModels(List.of("tiny:latest"));
      });
      mesh.driver.advanceWallClockTime(Duration.ofSeconds(3));
      List<WorkUnit> afterArrival = mesh.dispatched();
      afterArrival.forEach(u -> mesh.answer(u, WorkStatus.SUCCEEDED));

      assertThat(requested).singleElement().satisfies(m -> {
        assertThat(m.getPhase()).isEqualTo(MigrationPhase.REQUESTED);
        assertThat(m.getModel()).isEqualTo("tiny:latest");
        assertThat(m.getTargetNodeId()).isEqualTo(clinic);
      });
      assertThat(beforeArrival).isEmpty();
      assertThat(afterArrival).singleElement().satisfies(u -> assertThat(u.getNodeId()).isEqualTo(clinic));
      WorkResult result = mesh.results.readValue();
      assertThat(result.getStatus()).isEqualTo(WorkStatus.SUCCEEDED);
      assertThat(result.getNodeId()).isEqualTo(clinic);
      List<RouteDecision> routes = mesh.driver.createOutputTopic(mesh.topics.routes(), new StringDeserializer(),
          mesh.serdes.route().deserializer()).readValuesToList();
      assertThat(routes.get(0).getReason()).startsWith("migration: moving tiny:latest from ");
    }
  }

  @Test
  void shouldFailTheParkedIntentAtOnceWithTheReasonWhenANodeReportsTheMigrationFailed() {
    try (RouterHarness mesh = new RouterHarness(state, new FixedEmbedder(), Map.of("router.cache.enabled", "false",
        "router.migration.enabled", "true"))) {
      String clinic = setUp(mesh);
      post(mesh, clinic);
      mesh.driver.advanceWallClockTime(Duration.ofSeconds(3));
      assertThat(mesh.results.isEmpty()).as("still waiting for the model").isTrue();

      mesh.driver.createInputTopic(mesh.topics.migrations(), new StringSerializer(),
          mesh.serdes.serde(MigrationEvent.class).serializer()).pipeInput("auto-i1", MigrationEvent.newBuilder()
          .setMigrationId("auto-i1").setPhase(MigrationPhase.FAILED).setModel("tiny:latest")
          .setSourceNodeId("gpu-box").setTargetNodeId(clinic).setError("not enough disk on the target")
          .setAt(T0.plusSeconds(4)).build());
      mesh.driver.advanceWallClockTime(Duration.ofSeconds(3));

      WorkResult result = mesh.results.readValue();
      assertThat(result.getStatus()).isEqualTo(WorkStatus.FAILED);
      assertThat(result.getErrorKind()).isEqualTo("MIGRATION_FAILED");
      assertThat(result.getError()).contains("not enough disk on the target");
      assertThat(mesh.dispatched()).isEmpty();
    }
  }

  @Test
  void shouldNotAskForAModelTheTargetHasNoRoomForAndSayWhy() {
    try (RouterHarness mesh = new RouterHarness(state, new FixedEmbedder(), Map.of("router.cache.enabled", "false",
        "router.migration.enabled", "true"))) {
      String clinic = setUp(mesh);
      announceTiny(mesh, 5_000_000_000L);
      mesh.heartbeat("clinic", s -> s.setAvailableDiskBytes(1_000_000_000L));

      post(mesh, clinic);

      WorkResult result = mesh.results.readValue();
      assertThat(result.getStatus()).isEqualTo(WorkStatus.NO_ROUTE);
      assertThat(result.getError()).contains("no migration: tiny:latest needs 5.0 GB and " + clinic + " has 1.0 GB free");
      assertThat(mesh.driver.createOutputTopic(mesh.topics.migrations(), new StringDeserializer(),
          mesh.serdes.serde(MigrationEvent.class).deserializer()).isEmpty()).as("no migration asked for").isTrue();
    }
  }

  @Test
  void shouldNotAskForAModelTheTargetCannotRunInAllItsMemory() {
    try (RouterHarness mesh = new RouterHarness(state, new FixedEmbedder(), Map.of("router.cache.enabled", "false",
        "router.migration.enabled", "true"))) {
      String clinic = setUp(mesh);
      announceTiny(mesh, 40_000_000_000L);
      mesh.heartbeat("clinic", s -> s.setAvailableDiskBytes(500_000_000_000L).setTotalMemoryBytes(16_000_000_000L)
          .setTotalVramBytes(8_000_000_000L));

      post(mesh, clinic);

      WorkResult result = mesh.results.readValue();
      assertThat(result.getStatus()).isEqualTo(WorkStatus.NO_ROUTE);
      assertThat(result.getError()).contains("no migration: tiny:latest needs 40.0 GB of memory to run and " + clinic
          + " has 24.0 GB (system and GPU memory together)");
    }
  }

  @Test
  void shouldNotAskATargetThatRefusesCpuSpillForAModelLargerThanItsGpu() {
    try (RouterHarness mesh = new RouterHarness(state, new FixedEmbedder(), Map.of("router.cache.enabled", "false",
        "router.migration.enabled", "true"))) {
      String clinic = setUp(mesh);
      announceTiny(mesh, 9_000_000_000L); // fits its 16 + 8 GB together, not its 8 GB GPU alone
      mesh.heartbeat("clinic", s -> s.setAvailableDiskBytes(500_000_000_000L).setTotalMemoryBytes(16_000_000_000L)
          .setTotalVramBytes(8_000_000_000L).setMigrationAllowsCpu(false));

      post(mesh, clinic);

      WorkResult result = mesh.results.readValue();
      assertThat(result.getStatus()).isEqualTo(WorkStatus.NO_ROUTE);
      assertThat(result.getError()).contains("no migration: tiny:latest needs 9.0 GB of GPU memory and " + clinic
          + " has 8.0 GB (migration.allow_cpu: false there)");
      assertThat(mesh.driver.createOutputTopic(mesh.topics.migrations(), new StringDeserializer(),
          mesh.serdes.serde(MigrationEvent.class).deserializer()).isEmpty()).as("no migration asked for").isTrue();
    }
  }

  @Test
  void shouldNotAskATargetThatAcceptsNoModelsNorASourceThatServesNone() {
    try (RouterHarness mesh = new RouterHarness(state, new FixedEmbedder(), Map.of("router.cache.enabled", "false",
        "router.migration.enabled", "true"))) {
      String clinic = setUp(mesh);
      announceTiny(mesh, 1_000_000_000L);
      mesh.heartbeat("clinic", s -> s.setMigrationAccepts(false));

      post(mesh, clinic);

      assertThat(mesh.results.readValue().getError()).contains("no migration: " + clinic
          + " does not accept migrated models (migration.accept: false)");

      mesh.heartbeat("clinic", s -> s.setMigrationAccepts(true));
      mesh.heartbeat("gpu-box", s -> s.setMigrationServes(false));
      mesh.intents.pipeInput("i2", intent("i2", IntentKind.CHAT, "summarise these notes", T0).setOriginNodeId(clinic)
          .setPinnedModel("tiny:latest").setConstraints(IntentConstraints.newBuilder().setLocalOnly(true).build())
          .setDeadlineAt(T0.plus(Duration.ofMinutes(10))).build());

      assertThat(mesh.results.readValue().getError())
          .contains("no migration: no node that has tiny:latest serves it (migration.serve: false)");
      assertThat(mesh.driver.createOutputTopic(mesh.topics.migrations(), new StringDeserializer(),
          mesh.serdes.serde(MigrationEvent.class).deserializer()).isEmpty()).as("no migration asked for").isTrue();
    }
  }

  @Test
  void shouldNotAskASourceForAModelLargerThanItServes() {
    try (RouterHarness mesh = new RouterHarness(state, new FixedEmbedder(), Map.of("router.cache.enabled", "false",
        "router.migration.enabled", "true"))) {
      String clinic = setUp(mesh);
      announceTiny(mesh, 5_000_000_000L);
      mesh.heartbeat("gpu-box", s -> s.setMigrationMaxBytes(4_000_000_000L)); // its migration.max_mb

      post(mesh, clinic);

      WorkResult result = mesh.results.readValue();
      assertThat(result.getStatus()).isEqualTo(WorkStatus.NO_ROUTE);
      assertThat(result.getError()).contains("no migration: tiny:latest has 5.0 GB and the nodes that have it serve "
          + "models of at most 4.0 GB (migration.max_mb)");
      assertThat(mesh.driver.createOutputTopic(mesh.topics.migrations(), new StringDeserializer(),
          mesh.serdes.serde(MigrationEvent.class).deserializer()).isEmpty()).as("no migration asked for").isTrue();
    }
  }

  @Test
  void shouldHaveNoRouteWithoutAutomaticMigration() {
    try (RouterHarness mesh = new RouterHarness(state, new FixedEmbedder(), Map.of("router.cache.enabled", "false"))) {
      post(mesh, setUp(mesh));

      assertThat(mesh.results.readValue().getStatus()).isEqualTo(WorkStatus.NO_ROUTE);
    }
  }

  /** gpu-box's Ollama offers tiny:latest, listed at {@code bytes}. */
  private static void announceTiny(RouterHarness mesh, long bytes) {
    mesh.announce("gpu-box", "ollama:llm:tiny:latest", c -> {
      c.getMetadata().setProvider(Provider.OLLAMA);
      c.getMetadata().setExtra(Map.of("size_bytes", Long.toString(bytes)));
      return c.setModels(List.of("tiny:latest"));
    });
  }
}
