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

/** OpenAI features clients send beyond plain chat: the usage chunk of a stream, and the legacy completions API. */
class OpenAiSurfaceTest {

  private static final ObjectMapper JSON = new ObjectMapper();
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

  private RawHttp.Response post(String path, String body) throws Exception {
    return RawHttp.send(gateway.port(), "POST", path, Map.of("Content-Type", "application/json"), body);
  }

  private static List<JsonNode> events(String sse) {
    return sse.lines().filter(l -> l.startsWith("data: ") && !l.equals("data: [DONE]")).map(l -> {
      try {
        return JSON.readTree(l.substring(6));
      } catch (Exception e) {
        throw new AssertionError(l, e);
      }
    }).toList();
  }

  @Test
  void shouldEndAStreamWithAUsageChunkWhenStreamOptionsAskForIt() throws Exception {
    RawHttp.Response r = post("/v1/chat/completions", "{\"model\":\"auto\",\"stream\":true,"
        + "\"stream_options\":{\"include_usage\":true},\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");

    List<JsonNode> events = events(r.body());
    assertThat(r.body().trim()).endsWith("data: [DONE]");
    JsonNode last = events.get(events.size() - 1);
    assertThat(last.get("choices")).isEmpty();
    assertThat(last.at("/usage/prompt_tokens").asInt()).isEqualTo(3);
    assertThat(last.at("/usage/completion_tokens").asInt()).isEqualTo(5);
    assertThat(last.at("/usage/total_tokens").asInt()).isEqualTo(8);
    assertThat(events.subList(0, events.size() - 1)).noneMatch(e -> e.has("usage"));
  }

  @Test
  void shouldSendNoUsageChunkUnlessAskedAndRefuseAMalformedStreamOptions() throws Exception {
    RawHttp.Response plain = post("/v1/chat/completions", "{\"model\":\"auto\",\"stream\":true,"
        + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
    RawHttp.Response bad = post("/v1/chat/completions", "{\"model\":\"auto\",\"stream\":true,\"stream_options\":true,"
        + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");

    assertThat(events(plain.body())).noneMatch(e -> e.has("usage"));
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.body()).contains("\"param\":\"stream_options\"");
  }

  @Test
  void shouldAnswerTheLegacyCompletionsApiAsATextCompletion() throws Exception {
    RawHttp.Response r = post("/v1/completions", "{\"model\":\"auto\",\"prompt\":\"Say this is a test\",\"max_tokens\":7}");

    assertThat(r.status()).as(r.body()).isEqualTo(200);
    JsonNode body = JSON.readTree(r.body());
    assertThat(body.get("object").asText()).isEqualTo("text_completion");
    assertThat(body.get("id").asText()).startsWith("cmpl-");
    assertThat(body.at("/choices/0/text").asText()).isEqualTo("echo: Say this is a test");
    assertThat(body.at("/choices/0/finish_reason").asText()).isEqualTo("stop");
    assertThat(body.at("/usage/total_tokens").asInt()).isEqualTo(8);
  }

  @Test
  void shouldRefuseWhatTheLegacyCompletionsApiDoesNotServeNamingTheField() throws Exception {
    RawHttp.Response batch = post("/v1/completions", "{\"model\":\"auto\",\"prompt\":[\"a\",\"b\"]}");
    RawHttp.Response stream = post("/v1/completions", "{\"model\":\"auto\",\"prompt\":\"a\",\"stream\":true}");

    assertThat(batch.status()).isEqualTo(400);
    assertThat(batch.body()).contains("\"param\":\"prompt\"");
    assertThat(stream.status()).isEqualTo(400);
    assertThat(stream.body()).contains("\"param\":\"stream\"");
    assertThat(mesh.submitted).hasValue(0);
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
      "\"temperature\":\"hot\" | temperature",
      "\"temperature\":7 | temperature",
      "\"top_p\":-0.1 | top_p",
      "\"presence_penalty\":true | presence_penalty",
      "\"frequency_penalty\":2.5 | frequency_penalty",
      "\"seed\":\"abc\" | seed",
      "\"stop\":[\"a\",\"b\",\"c\",\"d\",\"e\"] | stop",
      "\"stop\":[1] | stop",
      "\"user\":{} | user",
      "\"stream\":\"yes\" | stream",
      "\"stream\":1 | stream",
      "\"n\":3 | n",
      "\"n\":\"1\" | n"})
  void shouldRefuseASamplingParameterOpenAiWouldRefuseNamingIt(String parameter, String field) throws Exception {
    RawHttp.Response r = post("/v1/chat/completions", "{\"model\":\"auto\"," + parameter
        + ",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");

    assertThat(r.status()).as(r.body()).isEqualTo(400);
    assertThat(r.body()).contains("\"param\":\"" + field + "\"");
    assertThat(mesh.submitted).hasValue(0);
  }

  @Test
  void shouldAnswer405WithAllowWhenThePathExistsButNotTheMethodAnd404WhenItDoesNot() throws Exception {
    RawHttp.Response get = RawHttp.send(gateway.port(), "GET", "/v1/chat/completions", Map.of(), null);
    RawHttp.Response nowhere = RawHttp.send(gateway.port(), "GET", "/v1/nowhere", Map.of(), null);

    assertThat(get.status()).as(get.body()).isEqualTo(405);
    assertThat(get.header("Allow")).isEqualTo("POST");
    assertThat(get.body()).contains("/v1/chat/completions takes POST, not GET");
    assertThat(nowhere.status()).isEqualTo(404);
    assertThat(nowhere.body()).contains("no such endpoint: GET /v1/nowhere");
  }

  @Test
  void shouldTellAFullMeshFromAnIntentTheRouterRefusedAsPosted() throws Exception {
    String chat = "{\"model\":\"auto\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    mesh.answer = refused("REJECTED", "node queue is full: 14 units");
    RawHttp.Response busy = post("/v1/chat/completions", chat);
    mesh.answer = refused("INVALID", "a CHAT intent needs text or messages");
    RawHttp.Response invalid = post("/v1/chat/completions", chat);

    assertThat(busy.status()).isEqualTo(429);
    assertThat(busy.header("Retry-After")).as("the SDKs wait this long before retrying").isEqualTo("1");
    assertThat(JSON.readTree(busy.body()).at("/error/code").asText()).isEqualTo("rejected");
    assertThat(invalid.status()).as("posting it again cannot help: not a 429 the SDKs retry").isEqualTo(400);
    assertThat(invalid.header("Retry-After")).isNull();
    assertThat(JSON.readTree(invalid.body()).at("/error/code").asText()).isEqualTo("invalid_intent");
    assertThat(JSON.readTree(invalid.body()).at("/error/message").asText()).contains("needs text");
  }

  private static dev.atmosphere.schemas.WorkResult refused(String kind, String why) {
    return dev.atmosphere.schemas.WorkResult.newBuilder().setIntentId("x")
        .setStatus(dev.atmosphere.schemas.WorkStatus.REJECTED).setErrorKind(kind).setError(why)
        .setTimings(dev.atmosphere.schemas.Timings.newBuilder().setIntentCreatedAt(java.time.Instant.EPOCH)
            .setFinishedAt(java.time.Instant.EPOCH).build())
        .build();
  }

  @Test
  void shouldAnswerAnUnknownModelIdWithOpenAisModelNotFoundRatherThanNoSuchEndpoint() throws Exception {
    RawHttp.Response known = RawHttp.send(gateway.port(), "GET", "/v1/models/auto", Map.of(), null);
    RawHttp.Response unknown = RawHttp.send(gateway.port(), "GET", "/v1/models/gpt-4o", Map.of(), null);

    assertThat(known.status()).isEqualTo(200);
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(JSON.readTree(unknown.body()).at("/error/code").asText()).isEqualTo("model_not_found");
    assertThat(unknown.body()).contains("The model 'gpt-4o' does not exist").doesNotContain("no such endpoint");
  }

  @Test
  void shouldRefuseABodyOverTheLimitWithAnOpenAiErrorNamingTheKey() throws Exception {
    gateway.close();
    GatewayLock small = new GatewayLock(GatewayLock.LOOPBACK, java.util.Set.of(), List.of(), false, 600, 1024);
    gateway = new Gateway(new Gateway.Settings("127.0.0.1", 0, Duration.ofSeconds(5), "node-a", false, small), mesh,
        null, Clock.systemUTC()).start();

    RawHttp.Response r = post("/v1/chat/completions", "{\"model\":\"auto\",\"messages\":[{\"role\":\"user\","
        + "\"content\":\"" + "a".repeat(4096) + "\"}]}");

    assertThat(r.status()).isEqualTo(413);
    assertThat(r.header("Content-Type")).startsWith("application/json");
    JsonNode error = JSON.readTree(r.body()).get("error");
    assertThat(error.get("code").asText()).isEqualTo("request_too_large");
    assertThat(error.get("message").asText()).contains("1024 bytes, gateway.max_body_bytes");
    assertThat(mesh.submitted).hasValue(0);
  }

  @Test
  void shouldNameTheKeyWhenItsPortIsTaken() {
    Gateway second = new Gateway(new Gateway.Settings("127.0.0.1", gateway.port(), Duration.ofSeconds(5), "node-b",
        false, GatewayLock.loopbackDefaults()), new EchoMesh(), null, Clock.systemUTC());

    org.assertj.core.api.Assertions.assertThatThrownBy(second::start)
        .isInstanceOf(dev.atmosphere.common.config.ConfigException.class)
        .hasMessage("gateway.port: 127.0.0.1:" + gateway.port() + " is in use by another program — stop it, or set "
            + "gateway.port (0: any free port)");
    second.close();
  }

  @Test
  void shouldRefuseAChatPinnedToAnEmbeddingsModelAndTheOtherWayRoundNamingTheModel() throws Exception {
    mesh.table = List.of(
        dev.atmosphere.schemas.fixtures.Fixtures.capability("node-a", "builtin:embeddings:all-MiniLM-L6-v2",
            dev.atmosphere.schemas.CapabilityType.EMBEDDINGS, "MiniLM", "sentence embeddings").build(),
        dev.atmosphere.schemas.fixtures.Fixtures.capability("node-a", "llamafarm:llm:general/assistant",
            dev.atmosphere.schemas.CapabilityType.LLM, "assistant", "a general assistant").build());

    RawHttp.Response chat = post("/v1/chat/completions", "{\"model\":\"builtin:embeddings:all-MiniLM-L6-v2\","
        + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
    RawHttp.Response embed = post("/v1/embeddings", "{\"model\":\"llamafarm:llm:general/assistant\",\"input\":\"hi\"}");

    assertThat(chat.status()).as(chat.body()).isEqualTo(400);
    assertThat(chat.body()).contains("\"param\":\"model\"", "is an embeddings model");
    assertThat(embed.status()).as(embed.body()).isEqualTo(400);
    assertThat(embed.body()).contains("\"param\":\"model\"", "not an embeddings model");
    assertThat(mesh.submitted).hasValue(0);
  }

  @Test
  void shouldRefuseARoleOpenAiDoesNotKnowNamingTheMessage() throws Exception {
    RawHttp.Response r = post("/v1/chat/completions", "{\"model\":\"auto\",\"messages\":[{\"role\":\"system\","
        + "\"content\":\"be brief\"},{\"role\":\"wizard\",\"content\":\"hi\"}]}");

    assertThat(r.status()).as(r.body()).isEqualTo(400);
    assertThat(r.body()).contains("\"param\":\"messages[1].role\"", "'wizard' is not a role");
    assertThat(mesh.submitted).hasValue(0);
  }

  @Test
  void shouldPassSamplingParametersWithinOpenAisRanges() throws Exception {
    RawHttp.Response r = post("/v1/chat/completions", "{\"model\":\"auto\",\"temperature\":0,\"top_p\":1,\"n\":1,"
        + "\"presence_penalty\":-2,\"frequency_penalty\":2,\"seed\":42,\"stop\":[\"x\"],\"user\":\"u1\","
        + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");

    assertThat(r.status()).as(r.body()).isEqualTo(200);
  }
}
