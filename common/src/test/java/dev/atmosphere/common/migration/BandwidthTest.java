package dev.atmosphere.common.migration;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A bandwidth cap spaces chunks so the bytes never run ahead of the rate; no cap never waits. */
class BandwidthTest {

  private long now = 1_000_000_000L;
  private final List<Long> waits = new ArrayList<>();

  @Test
  void shouldSpaceChunksToTheRate() throws Exception {
    Bandwidth cap = new Bandwidth(1_000_000, () -> now, waits::add); // 1 MB/s

    for (int i = 0; i < 4; i++) {
      cap.take(500_000); // half a second's worth each, all at once
    }

    assertThat(waits).containsExactly(500_000_000L, 1_000_000_000L, 1_500_000_000L);
  }

  @Test
  void shouldNotWaitWhenTheTransferIsSlowerThanTheRateOrUncapped() throws Exception {
    Bandwidth cap = new Bandwidth(1_000_000, () -> now, waits::add);
    cap.take(500_000);
    now += 2_000_000_000L; // the network was slower than the cap
    cap.take(500_000);
    Bandwidth.unlimited().take(10_000_000_000L);

    assertThat(waits).isEmpty();
  }
}
