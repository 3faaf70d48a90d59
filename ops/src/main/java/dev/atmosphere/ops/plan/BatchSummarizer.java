package dev.atmosphere.ops.plan;

import dev.atmosphere.client.PlanClient;
import dev.atmosphere.router.plan.PlanTemplates;
import dev.atmosphere.schemas.Plan;
import dev.atmosphere.schemas.PlanResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Summarises many documents across the mesh: one map-reduce plan per document (chunks summarised in parallel on
 * whichever nodes suit, then combined), then — with {@code compare} — one plan comparing the summaries. Reads text
 * and Markdown; anything else is listed as skipped with the reason rather than silently dropped.
 */
public final class BatchSummarizer {

  static final Set<String> READABLE = Set.of("txt", "text", "md", "markdown");

  /** A document read from disk. */
  public record Source(String name, String text) {}

  /** What a batch produced. */
  public record Outcome(List<Source> sources, Map<String, PlanResult> summaries, PlanResult comparison,
      List<String> skipped, List<String> planIds, Duration took) {}

  private final PlanClient client;
  private final Clock clock;

  public BatchSummarizer(PlanClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
  }

  /** Files and (recursively) directories; unreadable types are added to {@code skipped} with the reason. */
  public static List<Source> read(List<Path> paths, List<String> skipped) {
    List<Source> out = new ArrayList<>();
    for (Path path : paths) {
      if (Files.isDirectory(path)) {
        try (Stream<Path> files = Files.walk(path)) {
          files.filter(Files::isRegularFile).sorted().forEach(f -> readOne(f, out, skipped));
        } catch (IOException e) {
          throw new UncheckedIOException("cannot list " + path, e);
        }
      } else if (Files.isRegularFile(path)) {
        readOne(path, out, skipped);
      } else {
        skipped.add(path + ": no such file or directory");
      }
    }
    return out;
  }

  private static void readOne(Path file, List<Source> out, List<String> skipped) {
    String name = file.getFileName().toString();
    String ext = name.contains(".") ? name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT) : "";
    if (!READABLE.contains(ext)) {
      skipped.add(file + ": ." + ext + " is not read (text and Markdown only; convert PDFs to text first)");
      return;
    }
    try {
      String text = Files.readString(file);
      if (text.isBlank()) {
        skipped.add(file + ": empty");
      } else {
        out.add(new Source(file.toString(), text));
      }
    } catch (IOException e) {
      skipped.add(file + ": cannot read (" + e.getMessage() + ")");
    }
  }

  public Outcome run(String runId, List<Source> sources, List<String> skipped, boolean compare, int chunkChars,
      int window, Duration timeout, java.util.function.IntFunction<ProgressBar> bar) {
    Instant started = clock.instant();
    List<Plan> plans = new ArrayList<>();
    for (int i = 0; i < sources.size(); i++) {
      Source s = sources.get(i);
      plans.add(PlanTemplates.summarize(runId + "-" + (i + 1), s.name(), s.text(), null, chunkChars, started));
    }
    ProgressBar progress = bar.apply(plans.stream().mapToInt(p -> p.getUnits().size()).sum() + (compare ? 1 : 0));
    Map<String, PlanResult> summaries = client.run(plans, window, timeout, progress);
    PlanResult comparison = null;
    List<String[]> named = new ArrayList<>();
    plans.forEach(p -> {
      PlanResult r = summaries.get(p.getPlanId());
      if (r != null && r.getOutput() != null) {
        named.add(new String[] {p.getName(), r.getOutput()});
      }
    });
    List<String> planIds = new ArrayList<>(plans.stream().map(Plan::getPlanId).toList());
    if (compare && named.size() >= 2) {
      int budget = Math.max(200, chunkChars * 2 / named.size()); // each summary's share of the comparer's window
      named.replaceAll(ns -> new String[] {ns[0], ns[1].length() > budget ? ns[1].substring(0, budget) + " …" : ns[1]});
      Plan comparePlan = PlanTemplates.compare(runId + "-compare", named, clock.instant());
      planIds.add(comparePlan.getPlanId());
      Duration left = timeout.minus(Duration.between(started, clock.instant()));
      comparison = client.run(List.of(comparePlan), 1, left.isNegative() ? Duration.ZERO : left, progress)
          .get(comparePlan.getPlanId());
    } else if (compare) {
      skipped.add("comparison: needs at least two summarised documents, got " + named.size());
    }
    progress.finish();
    return new Outcome(sources, summaries, comparison, skipped, planIds, Duration.between(started, clock.instant()));
  }
}
