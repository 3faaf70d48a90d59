package dev.atmosphere.ingest.resources;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the machine's GPUs say about themselves, where a cheap and reliable source exists: NVIDIA's
 * {@code nvidia-smi --query-gpu=memory.total,memory.free,utilization.gpu --format=csv,noheader,nounits} (MiB and
 * percent, one line per GPU; summed memory, mean utilisation). No such tool, a failure or {@code [N/A]} → unknown
 * (null), never a guess. Asked at most every {@code refresh}; a machine without the tool is not asked again.
 */
public final class GpuProbe {

  /** GPU figures; any may be null when the tool could not tell. */
  public record Gpu(Long totalVramBytes, Long freeVramBytes, Double utilization) {
    public static final Gpu UNKNOWN = new Gpu(null, null, null);
  }

  /** Runs the query and returns its standard output, or null when the tool is absent or fails. */
  public interface Command {
    String run();
  }

  private static final Logger log = LoggerFactory.getLogger(GpuProbe.class);
  private static final long MIB = 1L << 20;

  private final Command command;
  private final Clock clock;
  private final Duration refresh;
  private Gpu last = Gpu.UNKNOWN;
  private Instant askedAt;
  private boolean absent;

  public GpuProbe(Command command, Clock clock, Duration refresh) {
    this.command = command;
    this.clock = clock;
    this.refresh = refresh;
  }

  public static GpuProbe nvidiaSmi(Clock clock) {
    return new GpuProbe(GpuProbe::runNvidiaSmi, clock, Duration.ofSeconds(10));
  }

  public synchronized Gpu current() {
    Instant now = clock.instant();
    if (absent || askedAt != null && now.isBefore(askedAt.plus(refresh))) {
      return last;
    }
    askedAt = now;
    String out = command.run();
    if (out == null) {
      absent = true;
      return last = Gpu.UNKNOWN;
    }
    return last = parse(out);
  }

  /** Sums the GPUs' memory and averages their utilisation; a field any GPU cannot report is unknown. */
  public static Gpu parse(String csv) {
    List<String> lines = csv.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
    if (lines.isEmpty()) {
      return Gpu.UNKNOWN;
    }
    Long total = 0L;
    Long free = 0L;
    Double util = 0.0;
    for (String line : lines) {
      String[] f = line.split(",");
      if (f.length < 3) {
        return Gpu.UNKNOWN;
      }
      Long t = number(f[0]);
      Long fr = number(f[1]);
      Long u = number(f[2]);
      total = total == null || t == null ? null : total + t * MIB;
      free = free == null || fr == null ? null : free + fr * MIB;
      util = util == null || u == null ? null : util + u / 100.0 / lines.size();
    }
    return new Gpu(total, free, util);
  }

  private static Long number(String field) {
    try {
      return Long.parseLong(field.strip());
    } catch (NumberFormatException e) {
      return null; // "[N/A]", "[Not Supported]"
    }
  }

  private static String runNvidiaSmi() {
    try {
      Process p = new ProcessBuilder("nvidia-smi", "--query-gpu=memory.total,memory.free,utilization.gpu",
          "--format=csv,noheader,nounits").redirectErrorStream(false).start();
      try (InputStream in = p.getInputStream()) {
        byte[] out = in.readNBytes(64 * 1024);
        if (!p.waitFor(3, TimeUnit.SECONDS) || p.exitValue() != 0) {
          p.destroyForcibly();
          return null;
        }
        return new String(out, StandardCharsets.UTF_8);
      }
    } catch (IOException e) {
      return null; // no nvidia-smi on this machine
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      log.debug("interrupted asking nvidia-smi");
      return null;
    }
  }
}
