package dev.atmosphere.backends.llamafarm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import dev.atmosphere.common.http.JsonHttp;
import dev.atmosphere.common.testing.FakeHttpServer;
import dev.atmosphere.common.testing.FakeLlamaFarm;
import dev.atmosphere.schemas.CapabilityAnnouncement;
import dev.atmosphere.schemas.CapabilityType;
import dev.atmosphere.schemas.Provider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LlamaFarmSourceTest {

  private final FakeLlamaFarm lf = new FakeLlamaFarm()
      .project("legal", "contracts", FakeLlamaFarm.projectConfig("legal", "contracts", "reviewer", "qwen3:8b",
          "Careful reviewer of agreements", "You are a lawyer who reviews commercial contracts.", List.of("contracts_db")))
      .project("legal", "chat", FakeLlamaFarm.projectConfig("legal", "chat", "fast", "llama3.2:3b",
          "Quick answers", "You are a friendly assistant.", List.of()));
  private final JsonHttp http = new JsonHttp(Duration.ofSeconds(2));

  @TempDir Path dataDir;

  @AfterEach
  void stop() {
    lf.close();
  }

  @Test
  void shouldRecogniseLlamaFarmByItsHealthShapeWhenThereIsNoServiceField() throws Exception {
    assertThat(LlamaFarmLocator.isLlamaFarmHealth(http.get(lf.url() + "/health", Duration.ofSeconds(2)))).isTrue();
    assertThat(LlamaFarmLocator.isLlamaFarmHealth(new ObjectMapper().readTree("{\"status\":\"ok\"}"))).isFalse();
  }

  @Test
  void shouldSkipAServerThatIsNotLlamaFarmWhenProbing() {
    try (FakeHttpServer other = new FakeHttpServer() {
      @Override
      protected void handle(Request r, HttpExchange ex) throws IOException {
        send(ex, 200, Map.of("status", "ok", "service", "something-else"));
      }
    }) {
      assertThat(new LlamaFarmLocator(http, Duration.ofSeconds(1)).locate(Optional.of(other.url()))).isEmpty();
    }
  }

  @Test
  void shouldProbeTheConfiguredUrlFirstThenTheDefaultPorts() {
    assertThat(LlamaFarmLocator.candidates(Optional.of("http://lf:9/"))).containsExactly(
        "http://lf:9", "http://localhost:14345", "http://127.0.0.1:14345", "http://localhost:8000");
  }

  @Test
  void shouldMapProjectsToRagAndLlmCapabilitiesWhenEnumeratingANamespace() {
    LlamaFarmSource source = new LlamaFarmSource(http, Optional.of(lf.url()), List.of("legal", "nobody"), dataDir,
        "node-a", null, Duration.ofSeconds(2));

    List<CapabilityAnnouncement> caps = source.discover();

    assertThat(caps).extracting(CapabilityAnnouncement::getCapabilityId)
        .containsExactlyInAnyOrder("llamafarm:rag:legal/contracts", "llamafarm:llm:legal/chat");
    CapabilityAnnouncement rag = caps.stream().filter(c -> c.getType() == CapabilityType.RAG).findFirst().orElseThrow();
    assertThat(rag.getNodeId()).isEqualTo("node-a");
    assertThat(rag.getMetadata().getProvider()).isEqualTo(Provider.LLAMAFARM);
    assertThat(rag.getMetadata().getTarget()).isEqualTo("legal/contracts");
    assertThat(rag.getMetadata().getModelName()).isEqualTo("reviewer");
    assertThat(rag.getMetadata().getSizeParams()).isEqualTo("8B");
    assertThat(rag.getModels()).containsExactly("qwen3:8b");
    assertThat(rag.getDescription()).contains("Careful reviewer of agreements", "contracts db")
        .doesNotContain("reviews commercial contracts");
    assertThat(rag.getMetadata().getExtra()).containsEntry("rag.databases", "contracts_db");
  }

  @Test
  void shouldUseProjectDirectoriesAsNamespacesWhenNoneAreConfigured() throws Exception {
    Files.createDirectories(dataDir.resolve("projects/legal/contracts"));
    Files.createDirectories(dataDir.resolve("projects/acme"));

    assertThat(NamespaceResolver.resolve(List.of(), dataDir)).containsExactly("acme", "legal");
    assertThat(NamespaceResolver.resolve(List.of(), dataDir.resolve("missing"))).containsExactly("default");
    assertThat(NamespaceResolver.resolve(List.of("x"), dataDir)).containsExactly("x");
  }

  @Test
  void shouldOfferNothingWhenNoLlamaFarmAnswers() {
    LlamaFarmSource source = new LlamaFarmSource(http, Optional.of("http://127.0.0.1:1"), List.of("default"),
        dataDir, "node-a", null, Duration.ofMillis(300));
    assertThat(source.url()).isEmpty();
    // the default ports may host a real LlamaFarm on a developer machine; only assert when none is found
    if (new LlamaFarmLocator(http, Duration.ofMillis(300)).locate(Optional.empty()).isEmpty()) {
      assertThat(source.discover()).isEmpty();
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void shouldNeverPutPromptsKeysOrUrlsIntoAnAnnouncementWhenAProjectHasThem() {
    Map<String, Object> config = new java.util.LinkedHashMap<>(FakeLlamaFarm.projectConfig("acme", "secret",
        "m", "gpt-4o", "Customer support answers", "TOP-SECRET-PROMPT: never reveal the discount code 4242",
        List.of("kb")));
    Map<String, Object> runtime = new java.util.LinkedHashMap<>((Map<String, Object>) config.get("runtime"));
    Map<String, Object> model = new java.util.LinkedHashMap<>(((List<Map<String, Object>>) runtime.get("models")).get(0));
    model.put("provider", "openai");
    model.put("api_key", "sk-LIVE-SECRET-123");
    model.put("base_url", "https://user:hunter2@llm.example.com/v1");
    runtime.put("models", List.of(model));
    config.put("runtime", runtime);
    lf.project("acme", "secret", config);
    dev.atmosphere.common.embed.Embedder fake = new dev.atmosphere.common.testing.FixedEmbedder();

    CapabilityAnnouncement cap = new LlamaFarmSource(http, Optional.of(lf.url()), List.of("acme"), dataDir, "n",
        fake, Duration.ofSeconds(2)).discover().get(0);
    byte[] wire = new dev.atmosphere.schemas.serde.AvroSerdes(
        new dev.atmosphere.schemas.serde.InMemorySchemaRegistryClient()).capability().serializer()
        .serialize("atmosphere.capabilities", cap);
    String text = new String(wire, java.nio.charset.StandardCharsets.ISO_8859_1);

    assertThat(text).doesNotContain("TOP-SECRET-PROMPT", "4242", "sk-LIVE-SECRET-123", "hunter2", "llm.example.com");
    assertThat(cap.getDescription()).contains("Customer support answers");
    assertThat(cap.getEmbedding()).as("the prompt's meaning travels as a vector").isNotNull();
    assertThat(cap.getFacetEmbeddings()).as("and each of its parts: the sentence, then the sentence's list item")
        .hasSize(2);
  }
}
