package dev.atmosphere.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atmosphere.schemas.Timings;
import dev.atmosphere.schemas.WorkResult;
import dev.atmosphere.schemas.WorkStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Responses API read as a chat request, and its stream framed as the typed events its clients expect. */
class ResponsesApiTest {

  private static JsonNode json(String text) throws Exception {
    return OpenAiRequests.JSON.readTree(text);
  }

  @Test
  void shouldReadInstructionsItemsToolsAndFormatAsTheChatTheyMean() throws Exception {
    JsonNode chat = ResponsesRequests.asChat(json("""
        {"model":"auto","instructions":"Be brief.","max_output_tokens":50,"stream":true,
         "input":[{"role":"developer","content":"Use metric units."},
                  {"type":"message","role":"user","content":[{"type":"input_text","text":"Weather in Paris?"},
                    {"type":"input_image","image_url":"data:image/png;base64,AAAA"}]},
                  {"type":"function_call","call_id":"c1","name":"weather","arguments":"{\\"city\\":\\"Paris\\"}"},
                  {"type":"function_call","call_id":"c2","name":"time","arguments":"{}"},
                  {"type":"function_call_output","call_id":"c1","output":"18 C"}],
         "tools":[{"type":"function","name":"weather","parameters":{"type":"object"}}],
         "tool_choice":{"type":"function","name":"weather"},
         "text":{"format":{"type":"json_schema","name":"w","schema":{"type":"object"}}}}"""));

    assertThat(chat.path("max_tokens").asInt()).isEqualTo(50);
    assertThat(chat.path("stream").asBoolean()).isTrue();
    JsonNode m = chat.path("messages");
    assertThat(m).hasSize(5);
    assertThat(m.get(0).path("role").asText()).isEqualTo("system");
    assertThat(m.get(1).path("role").asText()).isEqualTo("system");
    assertThat(m.get(2).path("content").get(1).path("image_url").path("url").asText()).startsWith("data:image/png");
    assertThat(m.get(3).path("tool_calls")).as("consecutive calls, one assistant message").hasSize(2);
    assertThat(m.get(4).path("role").asText()).isEqualTo("tool");
    assertThat(m.get(4).path("tool_call_id").asText()).isEqualTo("c1");
    assertThat(chat.path("tools").get(0).path("function").path("name").asText()).isEqualTo("weather");
    assertThat(chat.path("tool_choice").path("function").path("name").asText()).isEqualTo("weather");
    assertThat(chat.path("response_format").path("json_schema").path("name").asText()).isEqualTo("w");
  }

  @Test
  void shouldRefuseWhatIsNotServedHereNamingTheField() {
    assertThatThrownBy(() -> ResponsesRequests.asChat(json("{\"model\":\"auto\",\"input\":\"x\","
        + "\"previous_response_id\":\"resp_1\"}"))).hasMessageContaining("not stored");
    assertThatThrownBy(() -> ResponsesRequests.asChat(json("{\"model\":\"auto\",\"input\":\"x\","
        + "\"tools\":[{\"type\":\"web_search\"}]}")))
        .isInstanceOfSatisfying(GatewayError.class, e -> assertThat(e.param()).isEqualTo("tools[0].type"));
    assertThatThrownBy(() -> ResponsesRequests.asChat(json("{\"model\":\"auto\",\"input\":[{\"type\":"
        + "\"reasoning\"}]}"))).isInstanceOfSatisfying(GatewayError.class,
            e -> assertThat(e.param()).isEqualTo("input[0].type"));
    assertThatThrownBy(() -> ResponsesRequests.asChat(json("{\"model\":\"auto\"}")))
        .isInstanceOfSatisfying(GatewayError.class, e -> assertThat(e.param()).isEqualTo("input"));
    assertThatThrownBy(() -> ResponsesRequests.asChat(json("{\"model\":\"auto\",\"input\":\"  \"}")))
        .isInstanceOfSatisfying(GatewayError.class, e -> assertThat(e.param()).isEqualTo("input"));
  }

  @Test
  void shouldFrameAStreamAsNumberedTypedEventsEndingWithTheWholeResponse() throws Exception {
    ResponsesFrames frames = new ResponsesFrames("i1", 1_700_000_000L);
    List<String> written = new ArrayList<>(frames.text("Hel", "m"));
    written.addAll(frames.text("lo", "m"));
    WorkResult whole = result("Hello", "[{\"id\":\"c1\",\"type\":\"function\",\"function\":"
        + "{\"name\":\"weather\",\"arguments\":\"{}\"}}]");
    written.addAll(frames.completed(whole, null, "m", OpenAiResponses.toolCalls(whole)));

    List<String> types = new ArrayList<>();
    int sequence = 0;
    JsonNode last = null;
    for (String frame : written) {
      String type = frame.substring("event: ".length(), frame.indexOf('\n'));
      last = json(frame.substring(frame.indexOf("data: ") + 6).strip());
      assertThat(last.path("type").asText()).isEqualTo(type);
      assertThat(last.path("sequence_number").asInt()).isEqualTo(sequence++);
      types.add(type);
    }
    assertThat(types).containsExactly("response.created", "response.in_progress", "response.output_item.added",
        "response.content_part.added", "response.output_text.delta", "response.output_text.delta",
        "response.output_text.done", "response.content_part.done", "response.output_item.done",
        "response.output_item.added", "response.function_call_arguments.done", "response.output_item.done",
        "response.completed");
    JsonNode response = last.path("response");
    assertThat(response.path("status").asText()).isEqualTo("completed");
    assertThat(response.path("output").get(0).path("content").get(0).path("text").asText()).isEqualTo("Hello");
    assertThat(response.path("output").get(1).path("call_id").asText()).isEqualTo("c1");
    assertThat(response.path("usage").path("total_tokens").asInt()).isEqualTo(5);
  }

  @Test
  void shouldEndACutOffStreamWithAFailedResponse() throws Exception {
    ResponsesFrames frames = new ResponsesFrames("i2", 1L);
    List<String> written = frames.cut(null, "length", null, null, "auto");

    String frame = written.get(written.size() - 1);
    assertThat(frame).startsWith("event: response.failed");
    JsonNode body = json(frame.substring(frame.indexOf("data: ") + 6).strip());
    assertThat(body.path("response").path("status").asText()).isEqualTo("failed");
    assertThat(body.path("response").path("error").path("message").asText()).contains("did not finish in time");
  }

  private static WorkResult result(String output, String calls) {
    return WorkResult.newBuilder().setIntentId("i1").setWorkId("i1-w1").setStatus(WorkStatus.SUCCEEDED)
        .setOutput(output).setToolCallsJson(calls).setNodeId("n").setCapabilityId("llm").setPromptTokens(3)
        .setCompletionTokens(2).setTimings(Timings.newBuilder().setIntentCreatedAt(Instant.EPOCH)
            .setFinishedAt(Instant.EPOCH).build()).build();
  }
}
