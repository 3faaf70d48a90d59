package dev.atmosphere.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.atmosphere.schemas.RouteFeedback;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Feedback from any OpenAI client: the response id it already has, and a word on the next request. */
class FeedbackHeaderTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String CHAT = "{\"model\":\"auto\",\"messages\":[{\"role\":\"user\",\"content\":\"%s\"}]}";
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

  private RawHttp.Response chat(String text, String feedback) throws Exception {
    Map<String, String> headers = feedback == null ? Map.of("Content-Type", "application/json")
        : Map.of("Content-Type", "application/json", FeedbackHeader.NAME, feedback);
    return RawHttp.send(gateway.port(), "POST", "/v1/chat/completions", headers, String.format(CHAT, text));
  }

  @Test
  void shouldRecordAWrongRouteWithWhereItShouldHaveGoneFromTheResponseIdAlone() throws Exception {
    String id = JSON.readTree(chat("total revenue per region from the orders table", null).body()).get("id").asText();

    RawHttp.Response next = chat("and per month?", id + " wrong should_be=llamafarm:llm:acme/sql");

    assertThat(next.status()).isEqualTo(200);
    RouteFeedback given = mesh.feedback.get(0);
    assertThat(given.getGood()).isFalse();
    assertThat(given.getText()).isEqualTo("total revenue per region from the orders table");
    assertThat(given.getCapabilityId()).isEqualTo("builtin:echo");
    assertThat(given.getShouldBe()).isEqualTo("llamafarm:llm:acme/sql");
    assertThat(id).isEqualTo("chatcmpl-" + given.getIntentId());
  }

  @Test
  void shouldRecordAGoodRoute() throws Exception {
    String id = JSON.readTree(chat("summarise this contract", null).body()).get("id").asText();

    chat("thanks", id + " good");

    assertThat(mesh.feedback).singleElement().satisfies(f -> {
      assertThat(f.getGood()).isTrue();
      assertThat(f.getShouldBe()).isNull();
    });
  }

  @Test
  void shouldRefuseFeedbackOnAResponseThisNodeDidNotGiveNamingTheHeader() throws Exception {
    RawHttp.Response unknown = chat("hi", "chatcmpl-not-ours good");
    RawHttp.Response malformed = chat("hi", "it was great");

    for (RawHttp.Response r : new RawHttp.Response[] {unknown, malformed}) {
      assertThat(r.status()).isEqualTo(400);
      JsonNode error = JSON.readTree(r.body()).get("error");
      assertThat(error.get("param").asText()).isEqualTo(FeedbackHeader.NAME);
    }
    assertThat(JSON.readTree(unknown.body()).at("/error/message").asText()).contains("did not give");
    assertThat(mesh.feedback).isEmpty();
    assertThat(mesh.submitted.get()).as("a refused request runs nothing").isZero();
  }
}
