package dev.atmosphere.executor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atmosphere.backends.llamafarm.LlamaFarmBackend;
import dev.atmosphere.backends.ollama.OllamaBackend;
import dev.atmosphere.common.http.JsonHttp;
import dev.atmosphere.common.testing.FakeHttpServer.Request;
import dev.atmosphere.common.testing.FakeLlamaFarm;
import dev.atmosphere.common.testing.FakeOllama;
import dev.atmosphere.common.testing.MutableClock;
import dev.atmosphere.schemas.CapabilityType;
import dev.atmosphere.schemas.IntentKind;
import dev.atmosphere.schemas.Provider;
import dev.atmosphere.schemas.WorkResult;
import dev.atmosphere.schemas.WorkStatus;
import dev.atmosphere.schemas.WorkUnit;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WorkRunnerTest {

  private static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");

  private final FakeLlamaFarm lf = new FakeLlamaFarm()
      .project("legal", "contracts", FakeLlamaFarm.projectConfig("legal", "contracts", "reviewer", "qwen3:8b",
          "Reviews contracts", "You are a lawyer.", List.of("contracts_db")));
  private final FakeOllama ollama = new FakeOllama().model("llama3.2:latest", "llama", "3.2B", List.of("completion"));
  private final JsonHttp http = new JsonHttp(Duration.ofSeconds(2));
  private final MutableClock clock = new MutableClock(T0);
  private final WorkRunner runner = new WorkRunner("n1",
      Map.of(Provider.LLAMAFARM, new LlamaFarmBackend(http, lf::url), Provider.OLLAMA,
          new OllamaBackend(http, ollama.url())),
      Duration.ofSeconds(5), clock);

  @AfterEach
  void stop() {
    lf.close();
    ollama.close();
  }

  private static WorkUnit.Builder unit(Provider provider, String target, IntentKind kind, String text) {
    return WorkUnit.newBuilder().setWorkId("w1").setIntentId("i1").setRouteId("r1").setNodeId("n1")
        .setCapabilityId("cap").setCapabilityType(CapabilityType.LLM).setProvider(provider).setTarget(target)
        .setKind(kind).setText(text).setIntentCreatedAt(T0).setRoutedAt(T0);
  }

  @Test
  void shouldCallProjectChatWithModelNameNoSessionAndRagOffWhenChatting() {
    WorkResult result = runner.run(unit(Provider.LLAMAFARM, "legal/contracts", IntentKind.CHAT, "summarise clause 4")
        .setModelName("reviewer").setParametersJson("{\"temperature\":0.2}").build());

    assertThat(result.getStatus()).isEqualTo(WorkStatus.SUCCEEDED);
    assertThat(result.getOutput()).isEqualTo("answer from legal/contracts to: summarise clause 4");
    assertThat(result.getPromptTokens()).isEqualTo(26);
    assertThat(result.getNodeId()).isEqualTo("n1");
    Request call = lf.requests("/v1/projects/legal/contracts/chat/completions").get(0);
    assertThat(call.header("X-No-Session")).isEqualTo("true");
    assertThat(call.json().get("model").asText()).isEqualTo("reviewer");
    assertThat(call.json().get("rag_enabled").asBoolean()).isFalse();
    assertThat(call.json().get("temperature").asDouble()).isEqualTo(0.2);
    assertThat(call.json().get("messages").get(0).get("role").asText()).isEqualTo("user");
  }

  @Test
  void shouldEnableRagWhenTheIntentAsksForRag() {
    runner.run(unit(Provider.LLAMAFARM, "legal/contracts", IntentKind.RAG, "termination terms?").setRagEnabled(true)
        .build());

    assertThat(lf.requests("/v1/projects/legal/contracts/chat").get(0).json().get("rag_enabled").asBoolean()).isTrue();
  }

  @Test
  void shouldReturnRetrievedChunksWhenARagQueryIsRequested() {
    WorkResult result = runner.run(unit(Provider.LLAMAFARM, "legal/contracts", IntentKind.RAG, "termination")
        .setParametersJson("{\"rag_query\":true,\"top_k\":3}").build());

    assertThat(result.getOutput()).contains("terminate with 30 days notice");
    assertThat(lf.requests("/v1/projects/legal/contracts/rag/query").get(0).json().get("top_k").asInt()).isEqualTo(3);
  }

  @Test
  void shouldFailWithTheHttpStatusWhenLlamaFarmAnswers500() {
    lf.failNextChats(1, 500);

    WorkResult result = runner.run(unit(Provider.LLAMAFARM, "legal/contracts", IntentKind.CHAT, "hi").build());

    assertThat(result.getStatus()).isEqualTo(WorkStatus.FAILED);
    assertThat(result.getHttpStatus()).isEqualTo(500);
    assertThat(result.getErrorKind()).isEqualTo("HTTP_STATUS");
    assertThat(result.getError()).contains("model runtime crashed");
  }

  @Test
  void shouldFailAsConnectionRefusedWhenTheBackendIsDown() {
    WorkRunner down = new WorkRunner("n1", Map.of(Provider.OLLAMA, new OllamaBackend(http, "http://127.0.0.1:1")),
        Duration.ofSeconds(2), clock);

    WorkResult result = down.run(unit(Provider.OLLAMA, "llama3.2:latest", IntentKind.CHAT, "hi").build());

    assertThat(result.getStatus()).isEqualTo(WorkStatus.FAILED);
    assertThat(result.getErrorKind()).isEqualTo("CONNECTION_REFUSED");
  }

  @Test
  void shouldFailWithoutCallingWhenTheDeadlineHasPassed() {
    clock.advance(Duration.ofMinutes(1));

    WorkResult result = runner.run(unit(Provider.LLAMAFARM, "legal/contracts", IntentKind.CHAT, "hi")
        .setDeadlineAt(T0.plusSeconds(30)).build());

    assertThat(result.getErrorKind()).isEqualTo("TIMEOUT");
    assertThat(lf.requests("/v1/projects")).isEmpty();
  }

  @Test
  void shouldCallOllamaChatWithoutStreamingAndMapMaxTokens() {
    WorkResult result = runner.run(unit(Provider.OLLAMA, "llama3.2:latest", IntentKind.CHAT, "hello there")
        .setParametersJson("{\"max_tokens\":50}").build());

    assertThat(result.getStatus()).isEqualTo(WorkStatus.SUCCEEDED);
    assertThat(result.getOutput()).isEqualTo("ollama llama3.2:latest says: hello there");
    assertThat(result.getCompletionTokens()).isEqualTo(5);
    Request call = ollama.requests("/api/chat").get(0);
    assertThat(call.json().get("stream").asBoolean()).isFalse();
    assertThat(call.json().get("options").get("num_predict").asInt()).isEqualTo(50);
  }

  @Test
  void shouldFailAsUnsupportedWhenTheNodeHasNoBackendForTheProvider() {
    WorkResult result = runner.run(unit(Provider.BUILTIN, "x", IntentKind.EMBED, "text").build());

    assertThat(result.getStatus()).isEqualTo(WorkStatus.FAILED);
    assertThat(result.getErrorKind()).isEqualTo("UNSUPPORTED");
  }

  @Test
  void shouldHandEachStreamedPieceOverAsItArrivesWhenStreamingFromLlamaFarm() {
    List<String> pieces = new java.util.concurrent.CopyOnWriteArrayList<>();

    WorkResult result = runner.run(unit(Provider.LLAMAFARM, "legal/contracts", IntentKind.CHAT, "clause four")
        .setStream(true).build(), pieces::add);

    assertThat(pieces).hasSizeGreaterThan(3);
    assertThat(String.join("", pieces)).isEqualTo("answer from legal/contracts to: clause four");
    assertThat(result.getOutput()).isEqualTo(String.join("", pieces));
    assertThat(lf.requests("/v1/projects/legal/contracts/chat").get(0).json().get("stream").asBoolean()).isTrue();
  }

  @Test
  void shouldReadOllamaNdjsonWhenStreaming() {
    List<String> pieces = new java.util.concurrent.CopyOnWriteArrayList<>();

    WorkResult result = runner.run(unit(Provider.OLLAMA, "llama3.2:latest", IntentKind.CHAT, "hi there")
        .setStream(true).build(), pieces::add);

    assertThat(String.join("", pieces)).isEqualTo("ollama llama3.2:latest says: hi there");
    assertThat(result.getCompletionTokens()).isEqualTo(5);
  }
}
