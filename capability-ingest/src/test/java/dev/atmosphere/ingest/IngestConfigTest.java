package dev.atmosphere.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atmosphere.common.config.ConfigException;
import dev.atmosphere.common.config.Settings;
import dev.atmosphere.schemas.NodeMode;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IngestConfigTest {

  private static IngestConfig config(Map<String, String> values) {
    Map<String, String> all = new HashMap<>(values);
    all.put("node.id", "n-0123456789abcdef");
    return IngestConfig.from(Settings.of(all), Map.of());
  }

  @Test
  void shouldDefaultToADiscoverableParticipantWithALoopbackGateway() {
    IngestConfig c = config(Map.of());

    assertThat(c.mode()).isEqualTo(NodeMode.PARTICIPANT);
    assertThat(c.discoverable()).isTrue();
    assertThat(c.gateway().enabled()).isTrue();
    assertThat(c.gateway().host()).isEqualTo("127.0.0.1");
  }

  @Test
  void shouldLeaveOptInFeaturesOffAndCarryTheMigrationCpuSettingForTheHeartbeat() {
    assertThat(config(Map.of()).exampleQuestions()).isFalse();
    assertThat(config(Map.of()).migration()).isEqualTo(new dev.atmosphere.common.migration.MigrationFlags(false, false,
        true, 64L << 30));
    assertThat(config(Map.of("llamafarm.example.questions", "true")).exampleQuestions()).isTrue();
    assertThat(config(Map.of("migration.allow_cpu", "false", "migration.accept", "true", "migration.max_mb", "4096"))
        .migration()).isEqualTo(new dev.atmosphere.common.migration.MigrationFlags(false, true, false, 4L << 30));
  }

  @Test
  void shouldTurnOffAnnouncingForStandaloneAndTheLocalApiForHeadless() {
    assertThat(config(Map.of("mode", "standalone")).discoverable()).isFalse();
    assertThat(config(Map.of("mode", "headless")).gateway().enabled()).isFalse();
  }

  @Test
  void shouldRejectEveryConflictingSettingAtOnce() {
    assertThatThrownBy(() -> config(Map.of("mode", "headless", "gateway.enabled", "true", "privacy.require_auth",
        "true", "resources.latency_class", "lunar")))
        .isInstanceOf(ConfigException.class)
        .satisfies(e -> assertThat(((ConfigException) e).problems()).containsExactlyInAnyOrder(
            "key 'gateway.enabled' = 'true' (from override): conflicts with mode: headless (no local API at all)",
            "key 'privacy.require_auth' = 'true' (from override): true needs mesh.join_code: the mesh token nodes "
                + "authenticate with",
            "key 'gateway.api_keys': needs at least one key: the API requires auth (privacy.require_auth)",
            "key 'resources.latency_class' = 'lunar' (from override): must be local, regional or global"));
  }

  @Test
  void shouldRejectAnUnknownModeAndDisabledMeshOutsideStandalone() {
    assertThatThrownBy(() -> config(Map.of("mode", "hermit", "mesh.enabled", "false")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(
            "key 'mode' = 'hermit' (from override): must be one of participant, standalone, provider, headless")
        .hasMessageContaining("key 'mesh.enabled' = 'false' (from override): false needs mode: standalone");
  }
}
