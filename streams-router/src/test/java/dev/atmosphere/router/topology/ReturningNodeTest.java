package dev.atmosphere.router.topology;

import static dev.atmosphere.schemas.fixtures.Fixtures.intent;
import static org.assertj.core.api.Assertions.assertThat;

import dev.atmosphere.common.testing.FixedEmbedder;
import dev.atmosphere.schemas.IntentKind;
import dev.atmosphere.schemas.WorkResult;
import dev.atmosphere.schemas.WorkStatus;
import dev.atmosphere.schemas.WorkUnit;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node that dies with the work outstanding while no other capability qualifies: the intent waits for it (its
 * unit is still in the work topic) until the attempt times out or the deadline passes — on a one-node mesh a kill
 * and restart must answer, not fail.
 */
class ReturningNodeTest {

  @TempDir Path state;
  private RouterHarness mesh;

  @BeforeEach
  void start() {
    mesh = new RouterHarness(state, new FixedEmbedder(), Map.of("router.cache.enabled", "false",
        "router.attempt.timeout", "60s"));
    mesh.node("solo", "llm", "general chat");
  }

  @AfterEach
  void stop() {
    mesh.close();
  }

  private WorkUnit postedAndDispatched(Duration deadline) {
    mesh.intents.pipeInput("i", intent("i", IntentKind.CHAT, "hello", RouterHarness.T0)
        .setDeadlineAt(RouterHarness.T0.plus(deadline)).build());
    List<WorkUnit> units = mesh.dispatched();
    assertThat(units).hasSize(1);
    mesh.heartbeat("solo", b -> b.setExpiresAt(RouterHarness.T0.plusSeconds(5))); // its last beat before the kill
    return units.get(0);
  }

  @Test
  void shouldWaitForTheOnlyNodeToComeBackAndTakeTheAnswerItRunsAgain() {
    WorkUnit unit = postedAndDispatched(Duration.ofSeconds(120));

    mesh.driver.advanceWallClockTime(Duration.ofSeconds(20)); // dead for 15 s, checked every second
    assertThat(mesh.results.isEmpty()).isTrue();
    mesh.heartbeat("solo", b -> b); // back, alive for a day
    mesh.driver.advanceWallClockTime(Duration.ofSeconds(5));
    mesh.answer(unit, WorkStatus.SUCCEEDED); // the unit it had not committed, run again

    assertThat(mesh.dispatched()).isEmpty();
    assertThat(mesh.results.readValuesToList()).singleElement().satisfies(r -> {
      assertThat(r.getStatus()).isEqualTo(WorkStatus.SUCCEEDED);
      assertThat(r.getOutput()).isEqualTo("answer to hello");
      assertThat(r.getAttempts()).isEqualTo(1);
    });
  }

  @Test
  void shouldEndAtTheDeadlineWhenTheNodeNeverComesBack() {
    postedAndDispatched(Duration.ofSeconds(30));

    mesh.driver.advanceWallClockTime(Duration.ofSeconds(29));
    assertThat(mesh.results.isEmpty()).isTrue();
    mesh.driver.advanceWallClockTime(Duration.ofSeconds(2));

    List<WorkResult> terminal = mesh.results.readValuesToList();
    assertThat(terminal).singleElement().satisfies(r -> {
      assertThat(r.getStatus()).isEqualTo(WorkStatus.FAILED);
      assertThat(r.getErrorKind()).isEqualTo("TIMEOUT");
    });
  }

  @Test
  void shouldStopWaitingWhenTheAttemptTimesOutBeforeTheDeadline() {
    postedAndDispatched(Duration.ofMinutes(10));

    mesh.driver.advanceWallClockTime(Duration.ofSeconds(59));
    assertThat(mesh.results.isEmpty()).isTrue();
    mesh.driver.advanceWallClockTime(Duration.ofSeconds(3));

    assertThat(mesh.results.readValuesToList()).singleElement().satisfies(r -> {
      assertThat(r.getStatus()).isEqualTo(WorkStatus.FAILED);
      assertThat(r.getError()).contains("timed out after 60000 ms").contains("no other capability qualified");
    });
  }

  @Test
  void shouldFailOverAtOnceWhenAnotherCapabilityQualifies() {
    WorkUnit unit = postedAndDispatched(Duration.ofSeconds(120));
    String other = mesh.node("other", "llm", "general chat");

    mesh.driver.advanceWallClockTime(Duration.ofSeconds(7));

    assertThat(mesh.dispatched()).singleElement().satisfies(u -> {
      assertThat(u.getNodeId()).isEqualTo(other).isNotEqualTo(unit.getNodeId());
      assertThat(u.getAttempt()).isEqualTo(2);
    });
  }
}
