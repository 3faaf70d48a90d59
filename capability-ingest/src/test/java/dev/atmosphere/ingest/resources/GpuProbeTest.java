package dev.atmosphere.ingest.resources;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atmosphere.common.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** GPU figures from recorded {@code nvidia-smi} output: summed memory, mean utilisation, unknown stays unknown. */
class GpuProbeTest {

  /** Recorded on a machine with two GPUs: memory.total, memory.free (MiB), utilization.gpu (%). */
  private static final String TWO_GPUS = "24564, 20110, 35\n24564, 1024, 85\n";
  /** A GPU that cannot report utilisation (seen on some laptop and virtualised GPUs). */
  private static final String NOT_SUPPORTED = "8192, 7000, [N/A]\n";

  @Test
  void shouldSumMemoryAndAverageUtilisationOverTheGpus() {
    GpuProbe.Gpu gpu = GpuProbe.parse(TWO_GPUS);

    assertThat(gpu.totalVramBytes()).isEqualTo(2 * 24564L * 1024 * 1024);
    assertThat(gpu.freeVramBytes()).isEqualTo((20110L + 1024) * 1024 * 1024);
    assertThat(gpu.utilization()).isCloseTo(0.60, org.assertj.core.data.Offset.offset(1e-9));
  }

  @Test
  void shouldLeaveAFieldUnknownWhenAGpuCannotReportIt() {
    GpuProbe.Gpu gpu = GpuProbe.parse(NOT_SUPPORTED);

    assertThat(gpu.totalVramBytes()).isEqualTo(8192L << 20);
    assertThat(gpu.utilization()).isNull();
    assertThat(GpuProbe.parse("")).isEqualTo(GpuProbe.Gpu.UNKNOWN);
    assertThat(GpuProbe.parse("garbage")).isEqualTo(GpuProbe.Gpu.UNKNOWN);
  }

  @Test
  void shouldAskAtMostOncePerRefreshAndNeverAgainWhenTheToolIsAbsent() {
    MutableClock clock = new MutableClock(Instant.parse("2026-11-27T10:00:00Z"));
    AtomicInteger asked = new AtomicInteger();
    GpuProbe present = new GpuProbe(() -> {
      asked.incrementAndGet();
      return TWO_GPUS;
    }, clock, Duration.ofSeconds(10));
    AtomicInteger askedAbsent = new AtomicInteger();
    GpuProbe absent = new GpuProbe(() -> {
      askedAbsent.incrementAndGet();
      return null;
    }, clock, Duration.ofSeconds(10));

    present.current();
    present.current();
    absent.current();
    clock.advance(Duration.ofSeconds(11));
    present.current();
    GpuProbe.Gpu none = absent.current();

    assertThat(asked).hasValue(2);
    assertThat(askedAbsent).hasValue(1);
    assertThat(none).isEqualTo(GpuProbe.Gpu.UNKNOWN);
  }
}
