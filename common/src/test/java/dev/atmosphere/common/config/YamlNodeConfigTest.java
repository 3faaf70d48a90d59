package dev.atmosphere.common.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class YamlNodeConfigTest {

  @TempDir Path dir;

  private Path write(String yaml) throws Exception {
    Path file = dir.resolve("config.yaml");
    Files.writeString(file, yaml);
    return file;
  }

  @Test
  void shouldMapTheDesignsKeysToSettingsWithTheirSource() throws Exception {
    Path file = write("""
        version: v1
        atmosphere:
          mode: provider
          mesh: {announce_interval: 45, join_code: null}
          capabilities:
            projects: {expose_all: false, expose_list: [rag-docs, agent-assistant]}
          resources: {max_concurrent_requests: 10, cost_per_token: 0, latency_class: regional}
          privacy: {data_residency: EU}
        models:
          providers:
            - {type: vllm, url: "http://localhost:8000", priority: 20}
            - {type: ollama, url: "http://gpu:11434", priority: 10}
        projects:
          - {id: rag-docs, name: "Documentation RAG", type: rag}
        """);

    YamlNodeConfig.Loaded loaded = YamlNodeConfig.load(Optional.of(file), Map.of());
    Settings s = Settings.layered(loaded.values(), Map.of(), Map.of());

    assertThat(loaded.problems()).isEmpty();
    assertThat(s.string("mode", null)).isEqualTo("provider");
    assertThat(s.string("announce.interval", null)).isEqualTo("45s");
    assertThat(s.string("capabilities.projects.expose_list", null)).isEqualTo("rag-docs,agent-assistant");
    assertThat(s.intIn("node.max.concurrent", 0, 0, 100)).isEqualTo(10);
    assertThat(s.string("node.data.residency", null)).isEqualTo("EU");
    assertThat(s.string("ollama.host", null)).isEqualTo("http://gpu:11434");
    assertThat(s.raw("node.max.concurrent").orElseThrow().source())
        .isEqualTo(file + ": atmosphere.resources.max_concurrent_requests");
  }

  @Test
  void shouldTakeWhatASecondNodeOnTheSameMachineNeedsFromTheYaml() throws Exception {
    Path file = write("""
        version: v1
        atmosphere:
          data_dir: /tmp/second-node
          gateway: {port: 11452}
          metrics: {port: 0, host: 127.0.0.1}
        """);

    YamlNodeConfig.Loaded loaded = YamlNodeConfig.load(Optional.of(file), Map.of());
    Settings s = Settings.layered(loaded.values(), Map.of(), Map.of());

    assertThat(loaded.problems()).isEmpty(); // 'atmosphere.metrics' was refused as an unknown key
    assertThat(s.string("data.dir", null)).isEqualTo("/tmp/second-node");
    assertThat(s.intIn("metrics.port", 9464, 0, 65_535)).isZero();
    assertThat(s.string("metrics.host", null)).isEqualTo("127.0.0.1");
  }

  @Test
  void shouldReportEveryUnknownKeyWrongTypeAndRangeNamingFileAndPath() throws Exception {
    Path file = write("""
        atmosphere:
          discoverabel: true
          mode: 3
          resources: {max_concurrent_requests: "many", cost_per_token: 2}
          capabilities: {models: {hide_list: private}}
        models:
          providers: [{type: skynet, url: "http://x"}]
        """);

    assertThat(YamlNodeConfig.load(Optional.of(file), Map.of()).problems()).containsExactly(
        file + ": key 'atmosphere.discoverabel' is not a known key (did you mean 'atmosphere.discoverable'?)",
        file + ": atmosphere.mode: must be one of standalone, provider, participant, headless, not 3",
        file + ": atmosphere.resources.max_concurrent_requests: must be an integer from 1 to 10000, not 'many'",
        file + ": atmosphere.resources.cost_per_token: must be a number from 0.0 to 1.0, not 2",
        file + ": atmosphere.capabilities.models.hide_list: must be a list of names, not 'private'",
        file + ": models.providers[0].type: must be one of ollama, llamafarm, openai, vllm, lemonade, universal");
  }

  @Test
  void shouldLetAnEnvironmentVariableOverrideOneKey() throws Exception {
    Path file = write("atmosphere:\n  resources:\n    max_concurrent_requests: 2\n");

    YamlNodeConfig.Loaded loaded = YamlNodeConfig.load(Optional.of(file),
        Map.of("ATMOSPHERE_RESOURCES_MAX_CONCURRENT_REQUESTS", "8", "ATMOSPHERE_MODE", "sideways"));

    assertThat(loaded.values().get("node.max.concurrent").raw()).isEqualTo("8");
    assertThat(loaded.values().get("node.max.concurrent").source())
        .isEqualTo("env ATMOSPHERE_RESOURCES_MAX_CONCURRENT_REQUESTS");
    assertThat(loaded.problems()).containsExactly("env ATMOSPHERE_MODE (atmosphere.mode): must be one of "
        + "standalone, provider, participant, headless, not 'sideways'");
  }

  @Test
  void shouldPreferLlamaFarmsConfigOnlyWhenItHasAnAtmosphereSection() throws Exception {
    Files.createDirectories(dir.resolve(".llamafarm"));
    Files.createDirectories(dir.resolve(".atmosphere"));
    Files.writeString(dir.resolve(".atmosphere/config.yaml"), "atmosphere: {mode: provider}\n");
    Files.writeString(dir.resolve(".llamafarm/config.yaml"), "version: v1\n");
    assertThat(YamlNodeConfig.locate(Map.of(), dir)).contains(dir.resolve(".atmosphere/config.yaml"));

    Files.writeString(dir.resolve(".llamafarm/config.yaml"), "version: v1\natmosphere: {mode: headless}\n");
    assertThat(YamlNodeConfig.locate(Map.of(), dir)).contains(dir.resolve(".llamafarm/config.yaml"));
    assertThat(YamlNodeConfig.locate(Map.of("ATMOSPHERE_CONFIG", "/etc/a.yaml"), dir)).contains(Path.of("/etc/a.yaml"));
  }
}
