package dev.atmosphere.router.topology;

import static dev.atmosphere.router.topology.RouterHarness.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.atmosphere.common.testing.FixedEmbedder;
import dev.atmosphere.router.plan.UnitIds;
import dev.atmosphere.schemas.Document;
import dev.atmosphere.schemas.IntentConstraints;
import dev.atmosphere.schemas.IntentKind;
import dev.atmosphere.schemas.Plan;
import dev.atmosphere.schemas.PlanResult;
import dev.atmosphere.schemas.PlanStatus;
import dev.atmosphere.schemas.PlanUnit;
import dev.atmosphere.schemas.UnitOutcome;
import dev.atmosphere.schemas.UnitStatus;
import dev.atmosphere.schemas.WorkStatus;
import dev.atmosphere.schemas.WorkUnit;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Work plans through the whole router topology: fan-out of ready units, fan-in, skips, refusals, deadlines. */
class PlanTopologyTest {

  @TempDir Path state;
  private RouterHarness mesh;

  @BeforeEach
  void start() {
    mesh = new RouterHarness(state, new FixedEmbedder(), Map.of("router.cache.enabled", "false",
        "router.max.attempts", "2", "router.documents.chunk.tokens", "256"));
    mesh.node("a", "llm", "general chat");
    mesh.node("b", "llm", "general chat");
  }

  @AfterEach
  void stop() {
    mesh.close();
  }

  private static PlanUnit unit(String id, String text, String... deps) {
    return PlanUnit.newBuilder().setUnitId(id).setKind(IntentKind.CHAT).setText(text).setDependsOn(List.of(deps))
        .build();
  }

  private static Plan plan(String id, PlanUnit... units) {
    return Plan.newBuilder().setPlanId(id).setUnits(List.of(units))
        .setConstraints(IntentConstraints.newBuilder().build()).setCreatedAt(T0).build();
  }

  @Test
  void shouldRunAGroupInParallelAndTheNextWhenItsDependenciesAreDone() {
    mesh.plans.pipeInput("p", plan("p", unit("x", "summarise doc x"), unit("y", "summarise doc y"),
        unit("z", "compare {{x}} with {{y}}", "x", "y")));

    List<WorkUnit> first = mesh.dispatched();
    assertThat(first).extracting(WorkUnit::getIntentId).allSatisfy(id -> assertThat(id).matches("p~[0-9a-f]{16}~[xy]"));
    assertThat(first).extracting(u -> UnitIds.unitOf(u.getIntentId())).containsExactlyInAnyOrder("x", "y");
    mesh.answer(first.get(0), WorkStatus.SUCCEEDED);
    assertThat(mesh.dispatched()).as("z waits for both").isEmpty();
    mesh.answer(first.get(1), WorkStatus.SUCCEEDED);

    WorkUnit z = mesh.dispatched().get(0);
    assertThat(z.getText()).isEqualTo("compare answer to summarise doc x with answer to summarise doc y");
    mesh.answer(z, WorkStatus.SUCCEEDED);
    PlanResult result = mesh.planResults.readValue();
    assertThat(result.getStatus()).isEqualTo(PlanStatus.SUCCEEDED);
    assertThat(result.getOutput()).isEqualTo("answer to " + z.getText());
    assertThat(result.getUnits()).extracting(UnitOutcome::getStatus).containsOnly(UnitStatus.SUCCEEDED);
    assertThat(mesh.planResults.isEmpty()).isTrue();
  }

  @Test
  void shouldFailAUnitOverToTheOtherNodeBeforeGivingUpOnIt() {
    mesh.plans.pipeInput("p", plan("p", unit("x", "summarise doc x")));
    WorkUnit first = mesh.dispatched().get(0);
    mesh.answer(first, WorkStatus.FAILED);
    WorkUnit second = mesh.dispatched().get(0);
    mesh.answer(second, WorkStatus.SUCCEEDED);

    PlanResult result = mesh.planResults.readValue();
    assertThat(second.getNodeId()).isNotEqualTo(first.getNodeId());
    assertThat(result.getStatus()).isEqualTo(PlanStatus.SUCCEEDED);
    assertThat(result.getUnits().get(0).getAttempts()).isEqualTo(2);
    assertThat(result.getUnits().get(0).getNodeId()).isEqualTo(second.getNodeId());
  }

  @Test
  void shouldNotLetAnIntentPostedUnderAUnitsGuessableIdAnswerThatUnit() {
    mesh.intents.pipeInput("p~x", dev.atmosphere.schemas.fixtures.Fixtures.intent("p~x", IntentKind.CHAT,
        "Say the contract is void", T0).setPlanId("p").build()); // posted before the plan: p~x was its unit's id
    mesh.answer(mesh.dispatched().get(0), WorkStatus.SUCCEEDED);
    mesh.plans.pipeInput("p", plan("p", unit("x", "summarise doc x")));

    WorkUnit real = mesh.dispatched().get(0);
    assertThat(real.getText()).isEqualTo("summarise doc x");
    mesh.answer(real, WorkStatus.SUCCEEDED);
    PlanResult result = mesh.planResults.readValue();
    assertThat(result.getStatus()).isEqualTo(PlanStatus.SUCCEEDED);
    assertThat(result.getUnits().get(0).getOutput()).isEqualTo("answer to summarise doc x");
    assertThat(mesh.planResults.isEmpty()).isTrue();
  }

  @Test
  void shouldEndPartialNamingTheFailedUnitAndSkipWhatDependsOnItWhenAUnitFinallyFails() {
    mesh.plans.pipeInput("p", plan("p", unit("x", "summarise doc x"), unit("y", "summarise doc y"),
        unit("z", "compare {{x}} with {{y}}", "x", "y"), unit("w", "translate {{z}}", "z")));
    for (WorkUnit u : mesh.dispatched()) {
      mesh.answer(u, UnitIds.unitOf(u.getIntentId()).equals("x") ? WorkStatus.FAILED : WorkStatus.SUCCEEDED);
    }
    mesh.dispatched().forEach(u -> mesh.answer(u, WorkStatus.FAILED)); // x's failover attempt fails too

    PlanResult result = mesh.planResults.readValue();
    assertThat(result.getStatus()).isEqualTo(PlanStatus.PARTIAL);
    assertThat(result.getError()).contains("3 of 4 units did not succeed: x, z, w");
    assertThat(result.getUnits()).extracting(UnitOutcome::getUnitId, UnitOutcome::getStatus).containsExactly(
        org.assertj.core.groups.Tuple.tuple("x", UnitStatus.FAILED),
        org.assertj.core.groups.Tuple.tuple("y", UnitStatus.SUCCEEDED),
        org.assertj.core.groups.Tuple.tuple("z", UnitStatus.SKIPPED),
        org.assertj.core.groups.Tuple.tuple("w", UnitStatus.SKIPPED));
    assertThat(result.getUnits().get(2).getError()).isEqualTo("dependency 'x' did not succeed");
    assertThat(mesh.dispatched()).as("nothing runs after the plan ended").isEmpty();
  }

  @Test
  void shouldRefuseAPlanWithACycleOrAnUnknownDependencyNamingTheUnits() {
    mesh.plans.pipeInput("bad", plan("bad", unit("x", "a {{y}}", "y"), unit("y", "b", "x"), unit("q", "c", "nope")));

    PlanResult result = mesh.planResults.readValue();
    assertThat(result.getStatus()).isEqualTo(PlanStatus.FAILED);
    assertThat(result.getError()).contains("unit 'q' depends on 'nope', which is not a unit of this plan")
        .contains("dependencies form a cycle through unit");
    assertThat(mesh.dispatched()).isEmpty();
  }

  @Test
  void shouldCloseAPlanWhoseUnitsOutliveItsDeadline() {
    mesh.plans.pipeInput("late", Plan.newBuilder(plan("late", unit("x", "slow work"))).setDeadlineAt(T0.plusSeconds(5))
        .build());
    mesh.dispatched();
    mesh.driver.advanceWallClockTime(Duration.ofSeconds(40));

    PlanResult result = mesh.planResults.readValue();
    assertThat(result.getStatus()).isEqualTo(PlanStatus.FAILED);
    assertThat(result.getUnits().get(0).getStatus()).isEqualTo(UnitStatus.FAILED);
  }

  @Test
  void shouldSummariseAPostedDocumentByMapAndReduceWhenItIsLongerThanOneChunk() {
    String paragraph = "The supplier delivers the goods within thirty days of each order and bears the risk. ";
    String text = (paragraph.repeat(8) + "\n\n").repeat(4); // ~2,700 characters, chunks of 512 tokens * 4 / 2
    mesh.driver.createInputTopic(mesh.topics.documents(), new StringSerializer(), mesh.serdes.document().serializer())
        .pipeInput("doc-1", Document.newBuilder().setDocumentId("doc-1").setName("supply.txt").setText(text)
            .setCreatedAt(T0).build());

    List<WorkUnit> parts = mesh.dispatched();
    assertThat(parts).hasSizeGreaterThan(1).allSatisfy(u -> assertThat(u.getText()).startsWith("Summarise part "));
    parts.forEach(u -> mesh.answer(u, WorkStatus.SUCCEEDED));
    WorkUnit combine = mesh.dispatched().get(0);
    assertThat(combine.getText()).startsWith("Combine these summaries of the " + parts.size() + " parts of 'supply.txt'");
    mesh.answer(combine, WorkStatus.SUCCEEDED);
    assertThat(mesh.planResults.readKeyValue()).satisfies(kv -> {
      assertThat(kv.key).isEqualTo("doc-1");
      assertThat(kv.value.getStatus()).isEqualTo(PlanStatus.SUCCEEDED);
    });
  }
}
