package dev.atmosphere.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A key reads its value with its bounds, falls back to its default, and names itself in every problem. */
class KeyTest {

  private static final Key<Integer> PORT = Key.integer("x.port", 80, 1, 65_535, "a port");
  private static final Key<Duration> WAIT = Key.duration("x.wait", Duration.ofMillis(500), "a wait");
  private static final Key<String> MODE = Key.oneOf("x.mode", "a mode", "fast", "slow");
  private static final Key<List<String>> HOSTS = Key.list("x.hosts", "some hosts");

  @Test
  void shouldReadValuesAndFallBackToDefaults() {
    Settings s = Settings.of(Map.of("x.port", "8080", "x.mode", "SLOW", "x.hosts", " a, ,b "));

    assertThat(s.get(PORT)).isEqualTo(8080);
    assertThat(s.get(WAIT)).isEqualTo(Duration.ofMillis(500));
    assertThat(s.get(MODE)).isEqualTo("slow");
    assertThat(s.get(HOSTS)).containsExactly("a", "b");
    assertThat(s.optional(WAIT)).isEmpty();
    assertThat(s.get(WAIT, Duration.ofSeconds(3))).isEqualTo(Duration.ofSeconds(3));
  }

  @Test
  void shouldNameTheKeyAndWhatIsAllowedWhenAValueIsWrong() {
    Settings s = Settings.of(Map.of("x.port", "0", "x.mode", "medium"));

    assertThat(s.get(PORT)).isEqualTo(80);
    assertThat(s.get(MODE)).isEqualTo("fast");
    assertThatThrownBy(s::validate).hasMessageContaining("key 'x.port' = '0' (from override): must be an integer from "
        + "1 to 65535").hasMessageContaining("key 'x.mode' = 'medium' (from override): must be one of fast, slow");
  }

  @Test
  void shouldDescribeDefaultsAsPeopleWriteThem() {
    assertThat(WAIT.defaultText()).isEqualTo("500ms");
    assertThat(Key.duration("y", Duration.ofMinutes(10), "").defaultText()).isEqualTo("10m");
    assertThat(Key.duration("y", Duration.ofHours(24), "").defaultText()).isEqualTo("24h");
    assertThat(KeyCatalogue.distance("router.comit.interval", "router.commit.interval")).isEqualTo(1);
  }
}
