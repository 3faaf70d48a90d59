package dev.atmosphere.router.topology;

import static dev.atmosphere.schemas.fixtures.Fixtures.intent;
import static org.assertj.core.api.Assertions.assertThat;

import dev.atmosphere.common.embed.CachingEmbedder;
import dev.atmosphere.common.embed.MiniLmEmbedder;
import dev.atmosphere.schemas.IntentKind;
import dev.atmosphere.schemas.WorkResult;
import dev.atmosphere.schemas.WorkStatus;
import dev.atmosphere.schemas.WorkUnit;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A fallback route obeys failover like any other: a node that failed the intent is never chosen again. */
class GeneralFallbackFailoverTest {

  @TempDir Path state;

  @Test
  void shouldFallBackToAnotherNodeOnFailureAndNeverRetryTheSameOne() {
    try (RouterHarness mesh = new RouterHarness(state, new CachingEmbedder(new MiniLmEmbedder(), 100),
        Map.of("router.cache.enabled", "false", "router.max.attempts", "3"))) {
      mesh.node("a", "llamafarm:llm:dev/coder", "Programming assistant: writes and debugs Java and SQL code");
      mesh.node("b", "llamafarm:llm:lang/translator", "Translation between English, German and Spanish");

      mesh.intents.pipeInput("i", intent("i", IntentKind.CHAT, "tips for a crispy sourdough crust", RouterHarness.T0)
          .build());
      List<String> tried = new ArrayList<>();
      for (int attempt = 0; attempt < 3; attempt++) {
        for (WorkUnit unit : mesh.dispatched()) {
          tried.add(unit.getNodeId());
          mesh.answer(unit, WorkStatus.FAILED);
        }
      }

      assertThat(tried).hasSize(2).doesNotHaveDuplicates();
      List<WorkResult> results = mesh.results.readValuesToList();
      assertThat(results).singleElement().satisfies(r -> {
        assertThat(r.getStatus()).isEqualTo(WorkStatus.FAILED);
        assertThat(r.getTriedNodes()).containsExactlyElementsOf(tried);
      });
    }
  }

  @Test
  void shouldSayTheOnlyGeneralLlmSitsOutItsEjectionRatherThanThatNothingIsRelevant() {
    try (RouterHarness mesh = new RouterHarness(state, new CachingEmbedder(new MiniLmEmbedder(), 100),
        Map.of("router.cache.enabled", "false", "router.max.attempts", "1"))) {
      mesh.node("a", "llamafarm:llm:dev/coder", "Programming assistant: writes and debugs Java and SQL code");
      for (int i = 0; i < 3; i++) { // three failures in a row eject the node
        mesh.intents.pipeInput("i" + i, intent("i" + i, IntentKind.CHAT, "tips for a crispy sourdough crust " + i,
            RouterHarness.T0).build());
        mesh.dispatched().forEach(unit -> mesh.answer(unit, WorkStatus.FAILED));
      }
      mesh.results.readValuesToList();

      mesh.intents.pipeInput("next", intent("next", IntentKind.CHAT, "tips for a crispy sourdough crust",
          RouterHarness.T0).build());

      assertThat(mesh.results.readValuesToList()).singleElement().satisfies(r -> {
        assertThat(r.getStatus()).isEqualTo(WorkStatus.NO_ROUTE);
        assertThat(r.getError()).contains("ejected after 3 failures").doesNotContain("similarity below threshold");
      });
    }
  }
}
