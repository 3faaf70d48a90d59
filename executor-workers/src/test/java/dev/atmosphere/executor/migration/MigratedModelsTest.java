package dev.atmosphere.executor.migration;

import dev.atmosphere.backends.ollama.OllamaImporter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atmosphere.common.testing.FakeOllama;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What becomes of a model that came by migration ({@code migration.keep}): kept; kept while it fits the budget, least
 * recently used out first; or removed once it has answered — and the ledger survives a restart.
 */
class MigratedModelsTest {

  private static final long GB = 1L << 30;
  private static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");

  @TempDir Path dir;

  private MigratedModels ledger(MigratedModels.Keep keep, long budget) {
    return new MigratedModels(dir.resolve("migrated-models.json"), keep, budget);
  }

  @Test
  void shouldRemoveTheLeastRecentlyUsedBeyondTheBudgetButNeverTheNewcomer() {
    MigratedModels lru = ledger(MigratedModels.Keep.LRU, 10 * GB);
    assertThat(lru.arrived("a", 4 * GB, T0)).isEmpty();
    assertThat(lru.arrived("b", 4 * GB, T0.plusSeconds(1))).isEmpty();
    lru.used("a", T0.plusSeconds(2)); // a ran after b arrived: b is now the least recently used

    assertThat(lru.arrived("c", 4 * GB, T0.plusSeconds(3))).containsExactly("b");
    assertThat(lru.arrived("huge", 20 * GB, T0.plusSeconds(4))).containsExactly("a", "c");
    assertThat(lru.held()).containsExactly("huge");
  }

  @Test
  void shouldRemoveAModelOnceItHasAnsweredWhenKeepIsNeverAndNothingItHadBefore() {
    MigratedModels never = ledger(MigratedModels.Keep.NEVER, 0);
    never.arrived("tiny:latest", GB, T0);

    assertThat(never.used("llama3.1:8b", T0.plusSeconds(1))).as("not migrated here: never removed").isEmpty();
    assertThat(never.used("tiny:latest", T0.plusSeconds(2))).containsExactly("tiny:latest");
    assertThat(never.held()).isEmpty();
  }

  @Test
  void shouldKeepEverythingWhenKeepIsAlwaysAndRememberAcrossARestart() {
    MigratedModels always = ledger(MigratedModels.Keep.ALWAYS, 0);
    assertThat(always.arrived("a", 50 * GB, T0)).isEmpty();
    assertThat(always.arrived("b", 50 * GB, T0.plusSeconds(1))).isEmpty();

    MigratedModels restarted = ledger(MigratedModels.Keep.LRU, 60 * GB);
    assertThat(restarted.held()).containsExactly("a", "b");
    assertThat(restarted.arrived("c", GB, T0.plusSeconds(2))).containsExactly("a");
  }

  @Test
  void shouldRemoveTheModelFromOllamaTheWayOllamaDoes() throws Exception {
    try (FakeOllama ollama = new FakeOllama().model("tiny:latest", "llama", "1B", List.of("completion"))) {
      OllamaImporter importer = new OllamaImporter(ollama.url());

      importer.delete("tiny:latest");
      importer.delete("tiny:latest"); // gone already: done

      assertThat(new java.net.URI(ollama.url() + "/api/tags").toURL().openStream().readAllBytes())
          .asString().doesNotContain("tiny:latest");
    }
  }
}
