package dev.atmosphere.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsTest {

  @TempDir Path dir;

  @Test
  void shouldLetEnvironmentOverrideTheFileWhenBothSetAKey() throws Exception {
    Path file = dir.resolve("a.properties");
    Files.writeString(file, "heartbeat.interval=10s\nnode.id=from-file\n");

    Settings s = Settings.load(file, Map.of("ATMOSPHERE_NODE_ID", "from-env"), Map.of());

    assertThat(s.string("node.id", "x")).isEqualTo("from-env");
    assertThat(s.duration("heartbeat.interval", Duration.ZERO)).isEqualTo(Duration.ofSeconds(10));
    assertThat(s.raw("node.id").orElseThrow().source()).isEqualTo("env ATMOSPHERE_NODE_ID");
  }

  @Test
  void shouldNameEveryBadKeyAndItsFileWhenValidating() throws Exception {
    Path file = dir.resolve("bad.properties");
    Files.writeString(file, "node.max.concurrent=lots\nheartbeat.interval=-5s\n");
    Settings s = Settings.load(file, Map.of(), Map.of());

    s.intIn("node.max.concurrent", 4, 1, 100);
    s.duration("heartbeat.interval", Duration.ofSeconds(5));

    assertThatThrownBy(s::validate)
        .isInstanceOf(ConfigException.class)
        .satisfies(e -> assertThat(((ConfigException) e).problems()).containsExactly(
            "key 'node.max.concurrent' = 'lots' (from " + file + "): must be an integer from 1 to 100",
            "key 'heartbeat.interval' = '-5s' (from " + file + "): must be a positive duration such as 30s, 500ms or PT1M"));
  }

  @Test
  void shouldParseDurationsWhenGivenUnitsOrIso() {
    assertThat(Settings.parseDuration("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(Settings.parseDuration("2m")).isEqualTo(Duration.ofMinutes(2));
    assertThat(Settings.parseDuration("PT1H")).isEqualTo(Duration.ofHours(1));
  }

  @Test
  void shouldRejectAMissingExplicitConfigFileWhenOneIsNamed() {
    assertThatThrownBy(() -> ConfigFiles.load(new String[] {dir.resolve("nope.properties").toString()}, Map.of(), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("nope.properties: configuration file does not exist");
  }
}
