package dev.atmosphere.site;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atmosphere.common.config.Settings;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SiteLinkConfigTest {

  @Test
  void shouldNameTheKeyWhenASiteNameWouldBreakMirrorMakerAliases() {
    assertThatThrownBy(() -> SiteLinkConfig.from(Settings.of(Map.of("site.name", "eu.west",
        "site.link.bootstrap", "a:9092"))))
        .hasMessageContaining("site.name").hasMessageContaining("no dots");
    assertThatThrownBy(() -> SiteLinkConfig.from(Settings.of(Map.of("site.name", "atmosphere",
        "site.link.bootstrap", "a:9092"))))
        .hasMessageContaining("site.name").hasMessageContaining("topic prefix");
  }

  @Test
  void shouldNameTheKeyWhenTheOtherSitesBootstrapIsMissingOrMalformed() {
    assertThatThrownBy(() -> SiteLinkConfig.from(Settings.of(Map.of("site.name", "b"))))
        .hasMessageContaining("site.link.bootstrap");
    assertThatThrownBy(() -> SiteLinkConfig.from(Settings.of(Map.of("site.name", "b",
        "site.link.bootstrap", "http://a:9092/"))))
        .hasMessageContaining("site.link.bootstrap").hasMessageContaining("host:port");
  }

  @Test
  void shouldReadALinkWithDefaults() {
    SiteLinkConfig config = SiteLinkConfig.from(Settings.of(Map.of("site.name", "b",
        "site.link.bootstrap", "site-a.example:9092,site-a2.example:9092")));

    assertThat(config.site()).isEqualTo("b");
    assertThat(config.remoteBootstrap()).isEqualTo("site-a.example:9092,site-a2.example:9092");
    assertThat(config.refresh()).hasSeconds(5);
  }
}
