package dev.atmosphere.ops.plan;

import dev.atmosphere.client.PlanClient;
import dev.atmosphere.schemas.PlanResult;
import dev.atmosphere.schemas.WorkResult;
import dev.atmosphere.schemas.WorkStatus;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * A live progress line for a batch: units done / failed / total, documents finished and throughput. On a terminal
 * it redraws one line; otherwise (CI, a pipe) it prints a line at every tenth of the way, so logs stay short.
 */
public final class ProgressBar implements PlanClient.Progress {

  private static final int WIDTH = 30;

  private final PrintWriter out;
  private final boolean interactive;
  private final Clock clock;
  private final Instant started;
  private int totalUnits;
  private int done;
  private int failed;
  private int plansDone;
  private int lastDecile = -1;
  private int lastPrinted = -1;

  public ProgressBar(PrintWriter out, boolean interactive, Clock clock, int totalUnits) {
    this.out = out;
    this.interactive = interactive;
    this.clock = clock;
    this.started = clock.instant();
    this.totalUnits = totalUnits;
  }

  /** More units became known (e.g. the comparison step after the documents). */
  public void addUnits(int n) {
    totalUnits += n;
  }

  @Override
  public void unitFinished(String planId, WorkResult unit) {
    if (unit.getStatus() == WorkStatus.SUCCEEDED) {
      done++;
    } else {
      failed++;
    }
    draw(false);
  }

  @Override
  public void planFinished(PlanResult result) {
    plansDone++;
    draw(false);
  }

  /** The last line, always printed. */
  public void finish() {
    draw(true);
    if (interactive) {
      out.println();
    }
    out.flush();
  }

  public String line() {
    int finished = done + failed;
    double seconds = Math.max(0.001, Duration.between(started, clock.instant()).toMillis() / 1000.0);
    int filled = totalUnits == 0 ? WIDTH : (int) Math.round((double) WIDTH * finished / totalUnits);
    return String.format(Locale.ROOT, "[%s%s] %d/%d units, %d failed, %d plans done, %.1f units/s, %.0f s",
        "#".repeat(Math.min(WIDTH, filled)), ".".repeat(Math.max(0, WIDTH - filled)), finished, totalUnits, failed,
        plansDone, finished / seconds, seconds);
  }

  private void draw(boolean force) {
    int finished = done + failed;
    int decile = totalUnits == 0 ? 10 : finished * 10 / totalUnits;
    if (interactive) {
      out.print("\r" + line());
      out.flush();
    } else if (force ? finished + plansDone != lastPrinted : decile != lastDecile) {
      lastDecile = decile;
      lastPrinted = finished + plansDone;
      out.println(line());
      out.flush();
    }
  }
}
