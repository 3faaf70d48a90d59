package dev.atmosphere.backends.ollama;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atmosphere.common.http.JsonHttp;
import dev.atmosphere.common.testing.FakeOllama;
import dev.atmosphere.schemas.CapabilityAnnouncement;
import dev.atmosphere.schemas.CapabilityType;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class OllamaSourceTest {

  private final JsonHttp http = new JsonHttp(Duration.ofSeconds(2));

  @Test
  void shouldAnnounceLlmEmbeddingsAndVisionFromShowCapabilitiesWhenOllamaRuns() {
    try (FakeOllama ollama = new FakeOllama()
        .model("llama3.2:latest", "llama", "3.2B", List.of("completion", "tools"))
        .model("nomic-embed-text:latest", "nomic-bert", "137M", List.of("embedding"))
        .model("llava:7b", "llama", "7B", List.of("completion", "vision"))) {
      List<CapabilityAnnouncement> caps = new OllamaSource(http, ollama.url(), "n1", Duration.ofSeconds(2)).discover();

      assertThat(caps).extracting(CapabilityAnnouncement::getCapabilityId).containsExactlyInAnyOrder(
          "ollama:llm:llama3.2:latest", "ollama:embeddings:nomic-embed-text:latest", "ollama:llm:llava:7b",
          "ollama:vision:llava:7b");
      CapabilityAnnouncement llm = caps.get(0);
      assertThat(llm.getType()).isEqualTo(CapabilityType.LLM);
      assertThat(llm.getMetadata().getSizeParams()).isEqualTo("3.2B");
      assertThat(llm.getMetadata().getQuantization()).isEqualTo("Q4_K_M");
      assertThat(llm.getMetadata().getContextLength()).isEqualTo(131072);
      assertThat(llm.getMetadata().getTarget()).isEqualTo("llama3.2:latest");
    }
  }

  private static com.fasterxml.jackson.databind.JsonNode json(String text) {
    try {
      return JsonHttp.JSON.readTree(text);
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void shouldDescribeAModelByTheSpecialtyItsNameSaysAndOthersAsGeneralPurpose() {
    OllamaSource source = new OllamaSource(http, "http://127.0.0.1:1", "n1", Duration.ofSeconds(1));
    com.fasterxml.jackson.databind.JsonNode show = json("{\"capabilities\":[\"completion\"]}");

    assertThat(source.map(json("{\"name\":\"qwen2.5-coder:7b\"}"), show).get(0).getDescription())
        .startsWith("Programming model").doesNotContain("General-purpose");
    assertThat(source.map(json("{\"name\":\"sqlcoder:15b\"}"), show).get(0).getDescription())
        .startsWith("Text-to-SQL model");
    assertThat(source.map(json("{\"name\":\"meditron:7b\"}"), show).get(0).getDescription())
        .startsWith("Medical model");
    assertThat(source.map(json("{\"name\":\"llama3.2:latest\"}"), show).get(0).getDescription())
        .startsWith("General-purpose");
  }

  @Test
  void shouldCarryAModelfileSystemPromptAsVectorsOnlyNeverAsText() {
    dev.atmosphere.common.embed.Embedder fake = new dev.atmosphere.common.testing.FixedEmbedder();
    OllamaSource source = new OllamaSource(http, "http://127.0.0.1:1", "n1", Duration.ofSeconds(1), fake);

    CapabilityAnnouncement cap = source.map(json("{\"name\":\"acme-support:latest\"}"), json(
        "{\"capabilities\":[\"completion\"],\"system\":\"You are ACME's support agent. Orders, returns and "
            + "refunds.\"}")).get(0);

    assertThat(cap.getEmbedding()).isNotNull();
    assertThat(cap.getFacetEmbeddings()).hasSizeGreaterThanOrEqualTo(3);
    assertThat(cap.getEmbeddingModel()).isEqualTo("fixed");
    assertThat(cap.toString()).doesNotContain("ACME's support agent", "refunds");
  }

  @Test
  void shouldOfferNothingWhenOllamaIsNotRunning() {
    assertThat(new OllamaSource(http, "http://127.0.0.1:1", "n1", Duration.ofSeconds(1)).discover()).isEmpty();
  }
}
