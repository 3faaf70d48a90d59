package dev.atmosphere.ops.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atmosphere.common.testing.MutableClock;
import dev.atmosphere.schemas.PlanResult;
import dev.atmosphere.schemas.PlanStatus;
import dev.atmosphere.schemas.UnitOutcome;
import dev.atmosphere.schemas.UnitStatus;
import dev.atmosphere.schemas.WorkResult;
import dev.atmosphere.schemas.WorkStatus;
import dev.atmosphere.schemas.Timings;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading a batch's documents, its progress line and its report. */
class BatchSummarizerTest {

  @TempDir Path dir;

  @Test
  void shouldReadTextAndMarkdownRecursivelyAndListWhatItSkipsWithTheReason() throws Exception {
    Files.createDirectories(dir.resolve("sub"));
    Files.writeString(dir.resolve("a.md"), "# A\n\ntext");
    Files.writeString(dir.resolve("sub/b.TXT"), "b text");
    Files.writeString(dir.resolve("c.pdf"), "%PDF");
    Files.writeString(dir.resolve("empty.txt"), "  ");
    List<String> skipped = new ArrayList<>();

    List<BatchSummarizer.Source> sources = BatchSummarizer.read(List.of(dir, dir.resolve("missing.md")), skipped);

    assertThat(sources).extracting(BatchSummarizer.Source::name)
        .containsExactly(dir.resolve("a.md").toString(), dir.resolve("sub/b.TXT").toString());
    assertThat(skipped).containsExactlyInAnyOrder(
        dir.resolve("c.pdf") + ": .pdf is not read (text and Markdown only; convert PDFs to text first)",
        dir.resolve("empty.txt") + ": empty",
        dir.resolve("missing.md") + ": no such file or directory");
  }

  @Test
  void shouldPrintALineAtEachTenthWhenNotOnATerminal() {
    StringWriter text = new StringWriter();
    MutableClock clock = new MutableClock(Instant.parse("2026-11-24T10:00:00Z"));
    ProgressBar bar = new ProgressBar(new PrintWriter(text), false, clock, 20);
    for (int i = 0; i < 20; i++) {
      clock.advance(Duration.ofMillis(100));
      bar.unitFinished("p", unit(i % 10 == 0 ? WorkStatus.FAILED : WorkStatus.SUCCEEDED));
    }
    bar.finish();

    List<String> lines = text.toString().lines().toList();
    assertThat(lines).hasSize(11);
    assertThat(lines.get(lines.size() - 1))
        .isEqualTo("[##############################] 20/20 units, 2 failed, 0 plans done, 10.0 units/s, 2 s");
  }

  @Test
  void shouldReportEachDocumentsSummaryOrItsFailedUnits() {
    Map<String, PlanResult> results = new LinkedHashMap<>();
    results.put("r-1", result("r-1", PlanStatus.SUCCEEDED, "A is about supply.", null));
    results.put("r-2", result("r-2", PlanStatus.FAILED, null, "1 of 1 units did not succeed: summary"));
    BatchSummarizer.Outcome outcome = new BatchSummarizer.Outcome(
        List.of(new BatchSummarizer.Source("a.md", "x"), new BatchSummarizer.Source("b.md", "y")), results, null,
        List.of("c.pdf: not read"), List.of("r-1", "r-2"), Duration.ofSeconds(2));

    String md = BatchReport.markdown(outcome);

    assertThat(md).contains("- documents: 2, summarised: 1, without summary: 1")
        .contains("### a.md\n\nA is about supply.").contains("## Skipped\n\n- c.pdf: not read")
        .contains("- summary: FAILED — FAILED: HTTP 500");
  }

  private static WorkResult unit(WorkStatus status) {
    return WorkResult.newBuilder().setIntentId("p~u").setStatus(status)
        .setTimings(Timings.newBuilder().setIntentCreatedAt(Instant.EPOCH).setFinishedAt(Instant.EPOCH).build())
        .build();
  }

  private static PlanResult result(String id, PlanStatus status, String output, String error) {
    UnitOutcome unit = UnitOutcome.newBuilder().setUnitId("summary")
        .setStatus(output != null ? UnitStatus.SUCCEEDED : UnitStatus.FAILED).setOutput(output)
        .setError(output != null ? null : "FAILED: HTTP 500").setNodeId("n1").build();
    return PlanResult.newBuilder().setPlanId(id).setStatus(status).setOutput(output).setError(error)
        .setUnits(List.of(unit)).setCreatedAt(Instant.EPOCH).setFinishedAt(Instant.EPOCH).build();
  }
}
