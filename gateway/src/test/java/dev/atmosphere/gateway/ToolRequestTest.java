package dev.atmosphere.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Function calling through the gateway: tools, tool_choice and response_format reach the intent (which then needs
 * a tool-capable model), a model's calls come back as OpenAI tool_calls with finish_reason tool_calls — plain and
 * streamed — and the tool round trip's messages keep their calls and call ids. Malformed tools are a 400.
 */
class ToolRequestTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TOOLS = "[{\"type\":\"function\",\"function\":{\"name\":\"get_weather\"}}]";
  private static final String CALLS = "[{\"id\":\"call_0\",\"type\":\"function\",\"function\":{\"name\":"
      + "\"get_weather\",\"arguments\":\"{\\\"query\\\":\\\"Paris\\\"}\"}}]";
  private final EchoMesh mesh = new EchoMesh();
  private Gateway gateway;

  @BeforeEach
  void start() {
    gateway = new Gateway(new Gateway.Settings("127.0.0.1", 0, Duration.ofSeconds(5), "node-a", false,
        GatewayLock.loopbackDefaults()), mesh, null, Clock.systemUTC()).start();
  }

  @AfterEach
  void stop() {
    gateway.close();
  }

  private RawHttp.Response post(String body) throws Exception {
    return RawHttp.send(gateway.port(), "POST", "/v1/chat/completions", Map.of("Content-Type", "application/json"),
        body);
  }

  @Test
  void shouldCarryToolsToTheIntentAndAnswerWithToolCalls() throws Exception {
    mesh.toolCalls = CALLS;

    JsonNode r = JSON.readTree(post("{\"model\":\"auto\",\"tools\":" + TOOLS + ",\"tool_choice\":\"auto\","
        + "\"response_format\":{\"type\":\"json_object\"},\"messages\":[{\"role\":\"user\",\"content\":\"weather?\"}]}")
        .body());

    assertThat(mesh.last.getNeedsTools()).isTrue();
    JsonNode params = JSON.readTree(mesh.last.getParametersJson());
    assertThat(params.at("/tools/0/function/name").asText()).isEqualTo("get_weather");
    assertThat(params.path("tool_choice").asText()).isEqualTo("auto");
    assertThat(params.at("/response_format/type").asText()).isEqualTo("json_object");
    assertThat(r.at("/choices/0/finish_reason").asText()).isEqualTo("tool_calls");
    assertThat(r.at("/choices/0/message/content").isNull()).isTrue();
    assertThat(r.at("/choices/0/message/tool_calls/0/function/name").asText()).isEqualTo("get_weather");
  }

  @Test
  void shouldStreamToolCallsAsADeltaThenFinishWithToolCalls() throws Exception {
    mesh.toolCalls = CALLS;

    String sse = post("{\"model\":\"auto\",\"stream\":true,\"tools\":" + TOOLS + ",\"messages\":[{\"role\":\"user\","
        + "\"content\":\"weather?\"}]}").body();

    List<JsonNode> events = sse.lines().filter(l -> l.startsWith("data: {")).map(l -> {
      try {
        return JSON.readTree(l.substring(6));
      } catch (Exception e) {
        throw new AssertionError(l, e);
      }
    }).toList();
    assertThat(events).anySatisfy(e -> assertThat(e.at("/choices/0/delta/tool_calls/0/index").asInt(-1)).isZero());
    assertThat(events.get(events.size() - 1).at("/choices/0/finish_reason").asText()).isEqualTo("tool_calls");
    assertThat(sse).endsWith("data: [DONE]\n\n");
  }

  @Test
  void shouldKeepTheToolRoundTripInTheConversationAndSwitchToolsOffWithNone() throws Exception {
    post("{\"model\":\"auto\",\"tools\":" + TOOLS + ",\"tool_choice\":\"none\",\"messages\":["
        + "{\"role\":\"user\",\"content\":\"weather?\"},"
        + "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":" + CALLS + "},"
        + "{\"role\":\"tool\",\"tool_call_id\":\"call_0\",\"content\":\"18 C\"}]}");

    assertThat(mesh.last.getNeedsTools()).isFalse();
    assertThat(mesh.last.getMessages().get(1).getToolCallsJson()).contains("get_weather");
    assertThat(mesh.last.getMessages().get(2).getToolCallId()).isEqualTo("call_0");
    assertThat(mesh.last.getMessages().get(2).getContent()).isEqualTo("18 C");
  }

  @Test
  void shouldNameTheFieldWhenToolsAreMalformed() throws Exception {
    RawHttp.Response bad = post("{\"model\":\"auto\",\"tools\":[{\"type\":\"function\"}],\"messages\":[{\"role\":"
        + "\"user\",\"content\":\"x\"}]}");
    RawHttp.Response noId = post("{\"model\":\"auto\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"},"
        + "{\"role\":\"tool\",\"content\":\"18 C\"}]}");

    assertThat(bad.status()).isEqualTo(400);
    assertThat(JSON.readTree(bad.body()).at("/error/param").asText()).isEqualTo("tools[0]");
    assertThat(JSON.readTree(noId.body()).at("/error/param").asText()).isEqualTo("messages[1].tool_call_id");
  }

  @Test
  void shouldAnswer400WhenThePinnedModelOrTheWholeMeshCannotCallTools() throws Exception {
    dev.atmosphere.schemas.CapabilityAnnouncement blind = dev.atmosphere.schemas.fixtures.Fixtures.capability("node-a",
        "ollama:llm:gemma:2b", dev.atmosphere.schemas.CapabilityType.LLM, "gemma:2b", "chat")
        .setModels(java.util.List.of("gemma:2b")).build();
    blind.getMetadata().setExtra(Map.of("tools", "false"));
    mesh.table = java.util.List.of(blind);
    String ask = "{\"model\":\"%s\",\"tools\":" + TOOLS + ",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}";

    JsonNode pinned = JSON.readTree(post(String.format(ask, "gemma:2b")).body());
    JsonNode any = JSON.readTree(post(String.format(ask, "auto")).body());

    assertThat(pinned.at("/error/code").asText()).isEqualTo("model_cannot_call_tools");
    assertThat(pinned.at("/error/param").asText()).isEqualTo("model");
    assertThat(any.at("/error/code").asText()).isEqualTo("no_tool_capability");
    assertThat(any.at("/error/param").asText()).isEqualTo("tools");
  }
}
