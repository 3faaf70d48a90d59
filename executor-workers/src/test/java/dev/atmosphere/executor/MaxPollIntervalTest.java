package dev.atmosphere.executor;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A full batch of slow units must finish before Kafka takes the partition away, however deep the queue. */
class MaxPollIntervalTest {

  @Test
  void shouldCoverEveryWaveOfAFullBatchAtTheRequestTimeout() {
    // 4 at a time, 10 queued: 14 units in 4 waves of up to 120 s each
    assertThat(NodeExecutor.maxPollInterval(Duration.ofSeconds(120), 4, 10))
        .isEqualTo(Duration.ofSeconds(4 * 120 + 60));
  }

  @Test
  void shouldNeverGoBelowKafkasDefault() {
    assertThat(NodeExecutor.maxPollInterval(Duration.ofSeconds(5), 4, 0)).isEqualTo(Duration.ofMinutes(5));
  }
}
