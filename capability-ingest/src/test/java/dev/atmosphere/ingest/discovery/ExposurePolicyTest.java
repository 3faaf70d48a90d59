package dev.atmosphere.ingest.discovery;

import dev.atmosphere.backends.CapabilitySource;

import static dev.atmosphere.schemas.fixtures.Fixtures.capability;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atmosphere.common.config.ConfigException;
import dev.atmosphere.common.config.Settings;
import dev.atmosphere.schemas.CapabilityAnnouncement;
import dev.atmosphere.schemas.CapabilityType;
import dev.atmosphere.schemas.Provider;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExposurePolicyTest {

  private static CapabilityAnnouncement project(String target, CapabilityType type) {
    CapabilityAnnouncement c = capability("n", "llamafarm:x:" + target, type, target, "d").build();
    c.getMetadata().setTarget(target);
    return c;
  }

  private static CapabilityAnnouncement model(String target, CapabilityType type) {
    CapabilityAnnouncement c = capability("n", "ollama:x:" + target, type, target, "d").build();
    c.getMetadata().setProvider(Provider.OLLAMA);
    c.getMetadata().setTarget(target);
    return c;
  }

  private static List<String> announced(Map<String, String> config, CapabilityAnnouncement... caps) {
    ExposurePolicy policy = ExposurePolicy.from(Settings.of(config));
    CapabilitySource source = policy.filter(new CapabilitySource() {
      public String name() {
        return "test";
      }

      public List<CapabilityAnnouncement> discover() {
        return List.of(caps);
      }
    });
    return source.discover().stream().map(c -> c.getMetadata().getTarget()).toList();
  }

  @Test
  void shouldHideListedProjectsAndModelsEvenWhenExposingAll() {
    assertThat(announced(Map.of("capabilities.projects.hide_list", "private-rag",
            "capabilities.models.hide_list", "secret-model"),
        project("legal/private-rag", CapabilityType.RAG), project("legal/contracts", CapabilityType.RAG),
        model("secret-model:latest", CapabilityType.LLM), model("llama3.2:latest", CapabilityType.LLM)))
        .containsExactly("legal/contracts", "llama3.2:latest");
  }

  @Test
  void shouldExposeOnlyTheListWhenExposeAllIsOff() {
    assertThat(announced(Map.of("capabilities.projects.expose_all", "false",
            "capabilities.projects.expose_list", "rag-production"),
        project("prod/rag-production", CapabilityType.RAG), project("prod/experiments", CapabilityType.RAG)))
        .containsExactly("prod/rag-production");
  }

  @Test
  void shouldDropWholeCategoriesWhenTheyAreSwitchedOff() {
    assertThat(announced(Map.of("capabilities.categories.vision", "false", "capabilities.categories.embeddings", "no"),
        model("llava:7b", CapabilityType.VISION), model("nomic-embed-text", CapabilityType.EMBEDDINGS),
        model("llama3.2", CapabilityType.LLM)))
        .containsExactly("llama3.2");
  }

  @Test
  void shouldRejectAnExposeListThatContradictsExposeAll() {
    Settings s = Settings.of(Map.of("capabilities.models.expose_list", "llama3.2"));
    ExposurePolicy.from(s);

    assertThatThrownBy(s::validate).isInstanceOf(ConfigException.class)
        .hasMessageContaining("key 'capabilities.models.expose_list' = 'llama3.2' (from override): conflicts with "
            + "capabilities.models.expose_all: true");
  }
}
