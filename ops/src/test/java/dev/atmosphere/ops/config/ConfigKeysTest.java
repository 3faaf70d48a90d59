package dev.atmosphere.ops.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atmosphere.common.config.NodeConfigSchema;
import dev.atmosphere.common.config.Settings;
import dev.atmosphere.ops.ConfigKeys;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keys are declared once, in code: the catalogue knows every key the shipped examples and the YAML schema set, names a
 * misspelt key with the one it probably meant, and docs/configuration-keys.md is exactly what the code declares.
 */
class ConfigKeysTest {

  private static final Path ROOT = Path.of("..");

  @Test
  void shouldNameAMisspeltKeyInAFileWithTheKeyItMeant(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("a.properties");
    Files.writeString(file, "router.comit.interval=20ms\nrouter.commit.interval=20ms\nkafka.client.security.protocol=SSL\n"
        + "totally.unrelated.thing=1\n");

    Settings s = Settings.load(file, Map.of("ATMOSPHERE_CONFIG", "/etc/a.yaml"), Map.of("node.idd", "x"));

    assertThat(ConfigKeys.unknownInFiles(s)).containsExactly(
        "key 'router.comit.interval' (from " + file + ") is not a key any part of Atmosphere reads; did you mean "
            + "router.commit.interval?",
        "key 'totally.unrelated.thing' (from " + file + ") is not a key any part of Atmosphere reads");
  }

  @Test
  void shouldKnowEveryKeyTheShippedPropertiesExampleShows() throws IOException {
    java.util.List<String> shown = java.util.regex.Pattern.compile("(?m)^#\\s*([a-z][a-z0-9_.]+)=")
        .matcher(Files.readString(ROOT.resolve("ops/config/atmosphere.example.properties"))).results()
        .map(m -> m.group(1)).toList();

    assertThat(shown).hasSizeGreaterThan(20);
    assertThat(shown).allSatisfy(key -> assertThat(ConfigKeys.CATALOGUE.knows(key)).as(key).isTrue());
  }

  @Test
  void shouldMapEveryKeyOfTheNodeYamlToAKeyADeployableReads() {
    assertThat(NodeConfigSchema.KEYS.values()).allSatisfy(key ->
        assertThat(ConfigKeys.CATALOGUE.knows(key.setting())).as(key.path() + " → " + key.setting()).isTrue());
  }

  @Test
  void shouldDocumentEveryKeyAsTheCodeDeclaresIt() throws IOException {
    String doc = Files.readString(ROOT.resolve("docs/configuration-keys.md"));
    String tables = ConfigKeys.CATALOGUE.markdown();
    Files.writeString(Files.createDirectories(Path.of("target")).resolve("configuration-keys.tables.md"), tables);

    assertThat(doc).as("docs/configuration-keys.md is out of step with the code: regenerate its tables with "
        + "./atmosphere config keys --markdown (they are in ops/target/configuration-keys.tables.md)").contains(tables);
  }
}
