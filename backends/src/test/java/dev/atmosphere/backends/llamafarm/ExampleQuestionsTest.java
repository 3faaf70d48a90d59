package dev.atmosphere.backends.llamafarm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atmosphere.common.http.JsonHttp;
import dev.atmosphere.common.testing.FakeLlamaFarm;
import dev.atmosphere.common.testing.FixedEmbedder;
import dev.atmosphere.schemas.CapabilityAnnouncement;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExampleQuestionsTest {

  private static final String LIST = "Here you go:\n1. What does the termination clause say?\n2) Is the indemnity "
      + "mutual?\n- \"Which law governs this licence?\"\n* Flag the risks in this agreement.\nThanks!\n"
      + "3. What does the termination clause say?";

  @TempDir Path dir;
  private final JsonHttp http = new JsonHttp(Duration.ofSeconds(2));
  private Instant now = Instant.parse("2026-11-27T10:00:00Z");
  private final AtomicInteger asked = new AtomicInteger();

  /** Runs the generation on the caller's thread, so a test sees its outcome at once. */
  private final AbstractExecutorService direct = new AbstractExecutorService() {
    public void execute(Runnable r) {
      asked.incrementAndGet();
      r.run();
    }

    public void shutdown() {}

    public List<Runnable> shutdownNow() {
      return List.of();
    }

    public boolean isShutdown() {
      return false;
    }

    public boolean isTerminated() {
      return false;
    }

    public boolean awaitTermination(long timeout, TimeUnit unit) {
      return true;
    }
  };

  private ExampleQuestions questions() {
    return new ExampleQuestions(http, direct, Duration.ofSeconds(2), new Clock() {
      public java.time.ZoneId getZone() {
        return ZoneOffset.UTC;
      }

      public Clock withZone(java.time.ZoneId zone) {
        return this;
      }

      public Instant instant() {
        return now;
      }
    });
  }

  @Test
  void shouldKeepTheLinesThatReadAsQuestionsWithoutTheirNumberingOnce() {
    assertThat(ExampleQuestions.parse(LIST)).containsExactly("What does the termination clause say?",
        "Is the indemnity mutual?", "Which law governs this licence?", "Flag the risks in this agreement.");
  }

  @Test
  void shouldAskTheProjectsOwnModelOnceAndAnnounceItsQuestionsAsVectors() {
    try (FakeLlamaFarm lf = new FakeLlamaFarm().project("legal", "contracts", FakeLlamaFarm.projectConfig("legal",
        "contracts", "m", "qwen3:8b", "Contract review", "You are a contracts lawyer.", List.of()))
        .answers("legal", "contracts", q -> q.equals(ExampleQuestions.ASK) ? LIST : "no")) {
      ExampleQuestions examples = questions();

      assertThat(examples.of(lf.url(), "legal", "contracts", "v1")).as("asked in the background").isEmpty();
      assertThat(examples.of(lf.url(), "legal", "contracts", "v1")).hasSize(4);
      assertThat(asked).hasValue(1);

      LlamaFarmSource source = new LlamaFarmSource(http, Optional.of(lf.url()), List.of("legal"), dir, "n",
          new FixedEmbedder(), Duration.ofSeconds(2), Optional.of(examples));
      source.discover();
      CapabilityAnnouncement cap = source.discover().get(0);
      int promptParts = new LlamaFarmSource(http, Optional.of(lf.url()), List.of("legal"), dir, "n",
          new FixedEmbedder(), Duration.ofSeconds(2)).discover().get(0).getFacetEmbeddings().size();
      assertThat(cap.getFacetEmbeddings()).hasSize(promptParts + 4);
      assertThat(cap.toString()).doesNotContain("indemnity");
    }
  }

  @Test
  void shouldAnnounceWithoutQuestionsWhenTheModelWritesNoneAndAskAgainOnlyAfterAWhile() {
    try (FakeLlamaFarm lf = new FakeLlamaFarm().project("legal", "contracts", FakeLlamaFarm.projectConfig("legal",
        "contracts", "m", "qwen3:8b", "Contract review", "You are a contracts lawyer.", List.of()))) {
      ExampleQuestions examples = questions(); // the stand-in echoes: no list of questions

      assertThat(examples.of(lf.url(), "legal", "contracts", "v1")).isEmpty();
      assertThat(examples.of(lf.url(), "legal", "contracts", "v1")).isEmpty();
      assertThat(asked).hasValue(1);
      now = now.plus(Duration.ofMinutes(11));
      assertThat(examples.of(lf.url(), "legal", "contracts", "v1")).isEmpty();
      assertThat(asked).hasValue(2);
      assertThat(examples.of(lf.url(), "legal", "contracts", "v2")).as("a changed project is asked anew").isEmpty();
      assertThat(asked).hasValue(3);
    }
  }
}
