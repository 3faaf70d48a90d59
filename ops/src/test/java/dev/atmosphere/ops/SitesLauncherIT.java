package dev.atmosphere.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.atmosphere.common.embed.CachingEmbedder;
import dev.atmosphere.common.embed.Embedder;
import dev.atmosphere.common.embed.MiniLmEmbedder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's two sites on one machine, as {@code ./atmosphere up --site a} and
 * {@code ./atmosphere up --site b --link <a's bootstrap>} start them (each its own data directory, broker, registry
 * and gateway port), driven with the CLI's {@code --site}: site b lists a's capability one hop away and answers a
 * question with a's LlamaFarm.
 */
@Timeout(300)
class SitesLauncherIT {

  @TempDir static Path home;
  private static LauncherHome launcher;
  private static MeshStack siteA;
  private static MeshStack siteB;

  @BeforeAll
  static void up() throws Exception {
    launcher = new LauncherHome(home);
    Embedder embedder = new CachingEmbedder(new MiniLmEmbedder(), 10_000);
    siteA = MeshStack.start(home, home.resolve("absent.properties"), Map.of("LLAMAFARM_URL", launcher.farm.url(),
        "LF_DATA_DIR", home.resolve("lf").toString()), site("a", "laptop", null), embedder);
    siteB = MeshStack.start(home, home.resolve("absent.properties"), Map.of("LLAMAFARM_URL", "http://127.0.0.1:1",
        "LF_DATA_DIR", home.resolve("lf-b").toString()), site("b", "desk",
        siteA.endpoints().bootstrap()), embedder);
  }

  /** What {@code up --site <name> [--link <bootstrap>]} puts over the configuration. */
  private static Map<String, String> site(String name, String node, String link) {
    Map<String, String> overrides = new HashMap<>(Map.of("node.name", node, "site.name", name,
        "data.dir", home.resolve(".atmosphere/sites/" + name).toString(), "embedded.kafka.port", "0",
        "embedded.registry.port", "0", "ollama.host", "http://127.0.0.1:1", "discovery.interval", "500ms",
        "heartbeat.interval", "500ms", "monitoring.enabled", "false"));
    if (link != null) {
      overrides.put("site.link.bootstrap", link);
      overrides.put("site.link.refresh", "1s");
    }
    return overrides;
  }

  @AfterAll
  static void down() {
    if (siteB != null) {
      siteB.close();
    }
    if (siteA != null) {
      siteA.close();
    }
    if (launcher != null) {
      launcher.close();
    }
  }

  @Test
  void shouldServeSiteBsQuestionWithSiteAsLlamaFarmThroughTheCli() throws Exception {
    assertThat(siteB.endpoints().gatewayUrl()).isNotEqualTo(siteA.endpoints().gatewayUrl());
    assertThat(siteB.endpoints().bootstrap())
        .isNotEqualTo(siteA.endpoints().bootstrap());
    assertThat(Files.readString(Endpoints.file(home.resolve(".atmosphere/sites/b"))))
        .contains("site.name=b");

    await().atMost(Duration.ofSeconds(120)).untilAsserted(() -> assertThat(CliRunner.run("capabilities", "--site",
        "b")[1]).containsPattern("laptop-\\S+\\s+a \\(1 hop\\)\\s+llamafarm:llm:default/contracts\\s+llm\\s+yes"));
    String[] asked = CliRunner.run("intent", "--site", "b", "list the obligations in this contract");

    assertThat(asked[0]).as(asked[2]).isEqualTo("0");
    assertThat(asked[1]).contains("stand-in says from default/contracts to: list the obligations in this contract");
  }
}
