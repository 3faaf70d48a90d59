package dev.atmosphere.executor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.atmosphere.backends.llamafarm.LlamaFarmBackend;
import dev.atmosphere.backends.ollama.OllamaBackend;
import dev.atmosphere.common.http.JsonHttp;
import dev.atmosphere.common.testing.FakeLlamaFarm;
import dev.atmosphere.common.testing.FakeOllama;
import dev.atmosphere.common.testing.MutableClock;
import dev.atmosphere.schemas.CapabilityType;
import dev.atmosphere.schemas.ChatMessage;
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

/**
 * Function calling on the executing node: OpenAI tool definitions reach Ollama at the top level (not as options)
 * and LlamaFarm as they are; Ollama's calls come back OpenAI-shaped (ids, arguments as a JSON string); the tool
 * round trip (assistant tool_calls, tool message) is sent the way each backend expects; response_format becomes
 * Ollama's format.
 */
class ToolCallingTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");
  private static final String TOOLS = "[{\"type\":\"function\",\"function\":{\"name\":\"get_weather\","
      + "\"parameters\":{\"type\":\"object\",\"properties\":{\"query\":{\"type\":\"string\"}}}}}]";
  private final FakeOllama ollama = new FakeOllama().model("qwen3:8b", "qwen3", "8B", List.of("completion", "tools"))
      .model("gemma:2b", "gemma", "2B", List.of("completion"));
  private final FakeLlamaFarm lf = new FakeLlamaFarm().project("dev", "agent", FakeLlamaFarm.projectConfig("dev",
      "agent", "agent", "qwen3:8b", "Agent", "You call tools.", List.of()));
  private final JsonHttp http = new JsonHttp(Duration.ofSeconds(2));
  private final WorkRunner runner = new WorkRunner("n1", Map.of(Provider.OLLAMA, new OllamaBackend(http, ollama.url()),
      Provider.LLAMAFARM, new LlamaFarmBackend(http, lf::url)), Duration.ofSeconds(5), new MutableClock(T0));

  @AfterEach
  void stop() {
    ollama.close();
    lf.close();
  }

  private static WorkUnit.Builder unit(Provider provider, String target, List<ChatMessage> messages, String params) {
    return WorkUnit.newBuilder().setWorkId("w1").setIntentId("i1").setRouteId("r1").setNodeId("n1")
        .setCapabilityId("cap").setCapabilityType(CapabilityType.LLM).setProvider(provider).setTarget(target)
        .setKind(IntentKind.CHAT).setText("weather in Paris?").setIntentCreatedAt(T0).setRoutedAt(T0)
        .setMessages(messages).setParametersJson(params);
  }

  private static ChatMessage user(String text) {
    return new ChatMessage("user", text, List.of(), null, null);
  }

  @Test
  void shouldOfferToolsToOllamaAndReturnItsCallsInTheOpenAiShape() throws Exception {
    WorkResult r = runner.run(unit(Provider.OLLAMA, "qwen3:8b", List.of(user("weather in Paris?")),
        "{\"tools\":" + TOOLS + ",\"tool_choice\":\"auto\",\"temperature\":0.1}").build());

    assertThat(r.getStatus()).isEqualTo(WorkStatus.SUCCEEDED);
    JsonNode calls = JSON.readTree(r.getToolCallsJson());
    assertThat(calls.get(0).path("id").asText()).isEqualTo("call_0");
    assertThat(calls.get(0).path("type").asText()).isEqualTo("function");
    assertThat(calls.get(0).at("/function/name").asText()).isEqualTo("get_weather");
    assertThat(JSON.readTree(calls.get(0).at("/function/arguments").asText()).path("query").asText())
        .isEqualTo("weather in Paris?");
    JsonNode sent = ollama.requests("/api/chat").get(0).json();
    assertThat(sent.path("tools").get(0).at("/function/name").asText()).isEqualTo("get_weather");
    assertThat(sent.path("options").has("tools")).isFalse();
    assertThat(sent.path("options").has("tool_choice")).isFalse();
    assertThat(sent.at("/options/temperature").asDouble()).isEqualTo(0.1);
  }

  @Test
  void shouldSendTheToolRoundTripInEachBackendsShape() throws Exception {
    String call = "[{\"id\":\"call_0\",\"type\":\"function\",\"function\":{\"name\":\"get_weather\","
        + "\"arguments\":\"{\\\"query\\\":\\\"Paris\\\"}\"}}]";
    List<ChatMessage> turn = List.of(user("weather in Paris?"), new ChatMessage("assistant", "", List.of(), call, null),
        new ChatMessage("tool", "18 C and sunny", List.of(), null, "call_0"));

    WorkResult fromOllama = runner.run(unit(Provider.OLLAMA, "qwen3:8b", turn, "{\"tools\":" + TOOLS + "}").build());
    runner.run(unit(Provider.LLAMAFARM, "dev/agent", turn, "{\"tools\":" + TOOLS + "}").setModelName("agent").build());

    assertThat(fromOllama.getOutput()).contains("the tool said 18 C and sunny");
    assertThat(fromOllama.getToolCallsJson()).isNull();
    JsonNode ollamaCall = ollama.requests("/api/chat").get(0).json().at("/messages/1/tool_calls/0/function");
    assertThat(ollamaCall.path("arguments").isObject()).isTrue();
    assertThat(ollamaCall.at("/arguments/query").asText()).isEqualTo("Paris");
    JsonNode lfBody = lf.requests("/v1/projects/dev/agent/chat/completions").get(0).json();
    assertThat(lfBody.at("/messages/1/tool_calls/0/function/arguments").asText()).isEqualTo("{\"query\":\"Paris\"}");
    assertThat(lfBody.at("/messages/2/tool_call_id").asText()).isEqualTo("call_0");
    assertThat(lfBody.at("/tools/0/function/name").asText()).isEqualTo("get_weather");
  }

  @Test
  void shouldMapResponseFormatAndFailClearlyOnAModelWithoutTools() {
    runner.run(unit(Provider.OLLAMA, "qwen3:8b", List.of(user("list three colours")),
        "{\"response_format\":{\"type\":\"json_object\"}}").build());
    WorkResult blind = runner.run(unit(Provider.OLLAMA, "gemma:2b", List.of(user("weather?")),
        "{\"tools\":" + TOOLS + "}").build());

    JsonNode sent = ollama.requests("/api/chat").get(0).json();
    assertThat(sent.path("format").asText()).isEqualTo("json");
    assertThat(sent.path("options").has("response_format")).isFalse();
    assertThat(blind.getStatus()).isEqualTo(WorkStatus.FAILED);
    assertThat(blind.getError()).contains("does not support tools");
  }
}
