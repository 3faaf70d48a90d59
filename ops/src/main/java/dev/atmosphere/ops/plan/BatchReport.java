package dev.atmosphere.ops.plan;

import dev.atmosphere.schemas.PlanResult;
import dev.atmosphere.schemas.UnitOutcome;
import dev.atmosphere.schemas.UnitStatus;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.TreeSet;

/** The Markdown report of a batch: totals, the comparison, then each document's summary or why it has none. */
public final class BatchReport {

  private BatchReport() {}

  public static String markdown(BatchSummarizer.Outcome o) {
    StringBuilder md = new StringBuilder("# Batch summary\n\n");
    List<PlanResult> results = o.summaries().values().stream().toList();
    long ok = results.stream().filter(r -> r.getOutput() != null).count();
    long units = results.stream().mapToLong(r -> r.getUnits().size()).sum();
    TreeSet<String> nodes = new TreeSet<>();
    results.forEach(r -> r.getUnits().stream().map(UnitOutcome::getNodeId).filter(Objects::nonNull)
        .forEach(nodes::add));
    md.append(String.format(Locale.ROOT, "- documents: %d, summarised: %d, without summary: %d%n",
        o.sources().size(), ok, o.sources().size() - ok));
    md.append(String.format(Locale.ROOT, "- units run: %d on %d node(s): %s%n", units, nodes.size(),
        String.join(", ", nodes)));
    md.append(String.format(Locale.ROOT, "- time: %.1f s (%.1f documents/s)%n", o.took().toMillis() / 1000.0,
        o.sources().size() / Math.max(0.001, o.took().toMillis() / 1000.0)));
    if (!o.skipped().isEmpty()) {
      md.append("\n## Skipped\n\n");
      o.skipped().forEach(s -> md.append("- ").append(s).append('\n'));
    }
    if (o.comparison() != null) {
      md.append("\n## Comparison\n\n").append(o.comparison().getOutput() != null ? o.comparison().getOutput()
          : "_failed: " + o.comparison().getError() + "_").append('\n');
    }
    md.append("\n## Documents\n");
    for (int i = 0; i < o.sources().size(); i++) {
      BatchSummarizer.Source s = o.sources().get(i);
      PlanResult r = o.summaries().get(o.planIds().get(i));
      md.append("\n### ").append(s.name()).append("\n\n");
      if (r == null) {
        md.append("_no result before the timeout_\n");
      } else {
        if (r.getOutput() != null) {
          md.append(r.getOutput()).append('\n');
        }
        if (r.getError() != null) {
          md.append("\n_").append(r.getStatus()).append(": ").append(r.getError()).append("_\n");
          r.getUnits().stream().filter(u -> u.getStatus() != UnitStatus.SUCCEEDED).forEach(u -> md.append("- ")
              .append(u.getUnitId()).append(": ").append(u.getStatus()).append(" — ").append(u.getError())
              .append('\n'));
        }
      }
    }
    return md.toString();
  }
}
