package dev.atmosphere.router.failover;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class NodeBreakerTest {

  private static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");
  private final NodeBreaker breaker = new NodeBreaker(2, Duration.ofSeconds(30));

  private void eject() {
    breaker.failure("n", T0);
    breaker.failure("n", T0);
  }

  @Test
  void shouldEjectAfterTheThresholdUntilTheCoolDownEnds() {
    breaker.failure("n", T0);
    assertThat(breaker.ejected("n", T0)).isEmpty();

    breaker.failure("n", T0);

    assertThat(breaker.ejected("n", T0.plusSeconds(29))).get().asString().startsWith("ejected after 2 failures");
    assertThat(breaker.ejected("n", T0.plusSeconds(30))).isEmpty();
  }

  @Test
  void shouldStayEligibleForAProbeHoweverOftenItIsAskedUntilWorkIsSent() {
    eject();
    Instant later = T0.plusSeconds(31);

    for (int i = 0; i < 100; i++) {
      assertThat(breaker.ejected("n", later)).isEmpty();
    }
    breaker.dispatched("n", later);

    assertThat(breaker.ejected("n", later)).get().asString().startsWith("half-open");
  }

  @Test
  void shouldReadmitAfterASuccessfulProbe() {
    eject();
    breaker.dispatched("n", T0.plusSeconds(31));

    breaker.success("n");

    assertThat(breaker.ejected("n", T0.plusSeconds(32))).isEmpty();
    breaker.dispatched("n", T0.plusSeconds(32));
    assertThat(breaker.ejected("n", T0.plusSeconds(32))).as("readmitted: no longer a probe").isEmpty();
  }

  @Test
  void shouldEjectAgainWhenTheProbeFails() {
    eject();
    breaker.dispatched("n", T0.plusSeconds(31));

    breaker.failure("n", T0.plusSeconds(32));

    assertThat(breaker.ejected("n", T0.plusSeconds(33))).get().asString().startsWith("ejected after 3 failures");
    assertThat(breaker.ejected("n", T0.plusSeconds(62))).isEmpty();
  }

  @Test
  void shouldNotTurnWorkToAHealthyNodeIntoAProbe() {
    breaker.dispatched("n", T0);

    assertThat(breaker.ejected("n", T0)).isEmpty();
  }
}
