package dev.atmosphere.ingest.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.atmosphere.common.backend.LlamaFarmLocator;
import dev.atmosphere.common.http.JsonHttp;
import dev.atmosphere.common.testing.FakeHttpServer;
import dev.atmosphere.common.testing.FakeLlamaFarm;
import dev.atmosphere.schemas.CapabilityAnnouncement;
import dev.atmosphere.schemas.CapabilityType;
import dev.atmosphere.schemas.Provider;
import com.sun.net.httpserver.HttpExchange;
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
        "node-a", Duration.ofSeconds(2));

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
    assertThat(rag.getDescription()).contains("Careful reviewer of agreements", "reviews commercial contracts",
        "contracts db");
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
        dataDir, "node-a", Duration.ofMillis(300));
    assertThat(source.url()).isEmpty();
    // the default ports may host a real LlamaFarm on a developer machine; only assert when none is found
    if (new LlamaFarmLocator(http, Duration.ofMillis(300)).locate(Optional.empty()).isEmpty()) {
      assertThat(source.discover()).isEmpty();
    }
  }
}
