package dev.atmosphere.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atmosphere.common.config.Settings;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The gateway's settings on their own: loopback by default, and a bad value named by its key. */
class GatewayConfigTest {

  @Test
  void shouldListenOnLoopbackByDefault() {
    GatewayConfig c = GatewayConfig.from(Settings.of(Map.of()));

    assertThat(c.enabled()).isTrue();
    assertThat(c.host()).isEqualTo("127.0.0.1");
    assertThat(c.port()).isEqualTo(11451);
    assertThat(c.timeout()).isEqualTo(Duration.ofSeconds(120));
    assertThat(c.settings("n-0123456789abcdef", true).localOnly()).isTrue();
    assertThat(c.enabled(false).enabled()).isFalse();
  }

  @Test
  void shouldNameTheKeyOfAPortOutOfRange() {
    Settings s = Settings.of(Map.of(GatewayKeys.PORT.name(), "70000"));
    GatewayConfig.from(s);

    assertThatThrownBy(s::validate).hasMessageContaining(GatewayKeys.PORT.name());
  }
}
