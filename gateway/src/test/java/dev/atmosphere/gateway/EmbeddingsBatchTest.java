package dev.atmosphere.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What LangChain's embedDocuments sends — hundreds of inputs in one request — answered in order, in few units. */
class EmbeddingsBatchTest {

  private final EchoMesh mesh = new EchoMesh();
  private Gateway gateway;

  @AfterEach
  void stop() {
    gateway.close();
  }

  @Test
  void shouldAnswerFiveHundredInputsInInputOrderWithEightUnits() throws Exception {
    gateway = new Gateway(new Gateway.Settings("127.0.0.1", 0, Duration.ofSeconds(5), "node-a", false,
        GatewayLock.loopbackDefaults()), mesh, null, Clock.systemUTC()).start();
    String inputs = IntStream.range(0, 500).mapToObj(i -> "\"document " + i + "\"").collect(Collectors.joining(","));

    RawHttp.Response r = RawHttp.send(gateway.port(), "POST", "/v1/embeddings",
        Map.of("Content-Type", "application/json"), "{\"model\":\"auto\",\"input\":[" + inputs + "]}");

    assertThat(r.status()).as(r.body()).isEqualTo(200);
    JsonNode data = new ObjectMapper().readTree(r.body()).get("data");
    assertThat(data).hasSize(500);
    for (int i = 0; i < 500; i++) {
      assertThat(data.get(i).get("index").asInt()).isEqualTo(i);
      // EchoMesh answers [k, 0] for the k-th input of a unit of 64: order survives the split
      assertThat(data.get(i).get("embedding").get(0).asInt()).isEqualTo(i % 64);
    }
    assertThat(mesh.submitted).hasValue(8);
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
      "\"encoding_format\":\"float16\" | encoding_format | 0",
      "\"dimensions\":0 | dimensions | 0",
      "\"dimensions\":\"64\" | dimensions | 0",
      "\"dimensions\":64 | dimensions | 1"})
  void shouldRefuseWhatItCannotAnswerAsAskedNamingTheField(String parameter, String field, int units) throws Exception {
    gateway = new Gateway(new Gateway.Settings("127.0.0.1", 0, Duration.ofSeconds(5), "node-a", false,
        GatewayLock.loopbackDefaults()), mesh, null, Clock.systemUTC()).start();

    RawHttp.Response r = RawHttp.send(gateway.port(), "POST", "/v1/embeddings",
        Map.of("Content-Type", "application/json"), "{\"model\":\"auto\"," + parameter + ",\"input\":\"a\"}");

    assertThat(r.status()).as(r.body()).isEqualTo(400);
    assertThat(r.body()).contains("\"param\":\"" + field + "\"");
    assertThat(mesh.submitted).as("64 is known to differ only from the answer's size").hasValue(units);
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
      "\"\" | input | is empty",
      "[\"a\", \" \"] | input[1] | is empty",
      "[[1, 2, 3]] | input[0] | check_embedding_ctx_length=False"})
  void shouldRefuseEmptyTextsAndTokenArraysAsBadRequestsNotRateLimits(String input, String field, String says)
      throws Exception {
    gateway = new Gateway(new Gateway.Settings("127.0.0.1", 0, Duration.ofSeconds(5), "node-a", false,
        GatewayLock.loopbackDefaults()), mesh, null, Clock.systemUTC()).start();

    RawHttp.Response r = RawHttp.send(gateway.port(), "POST", "/v1/embeddings",
        Map.of("Content-Type", "application/json"), "{\"model\":\"auto\",\"input\":" + input + "}");

    assertThat(r.status()).as(r.body()).isEqualTo(400);
    assertThat(r.body()).contains("\"param\":\"" + field + "\"", says);
    assertThat(mesh.submitted).hasValue(0);
  }

  @Test
  void shouldPassTheNodesDigitsThroughAndStillDecodeThemForBase64() throws Exception {
    mesh.answer = vectors("[[0.12345678901234,-1.5E-7],[2.5,3.0]]");
    gateway = new Gateway(new Gateway.Settings("127.0.0.1", 0, Duration.ofSeconds(5), "node-a", false,
        GatewayLock.loopbackDefaults()), mesh, null, Clock.systemUTC()).start();

    RawHttp.Response floats = RawHttp.send(gateway.port(), "POST", "/v1/embeddings",
        Map.of("Content-Type", "application/json"), "{\"model\":\"auto\",\"input\":[\"a\",\"b\"]}");
    RawHttp.Response base64 = RawHttp.send(gateway.port(), "POST", "/v1/embeddings",
        Map.of("Content-Type", "application/json"),
        "{\"model\":\"auto\",\"encoding_format\":\"base64\",\"input\":[\"a\",\"b\"]}");

    assertThat(floats.status()).as(floats.body()).isEqualTo(200);
    assertThat(floats.body()).contains("\"embedding\":[0.12345678901234,-1.5E-7]", "\"embedding\":[2.5,3.0]");
    JsonNode data = new ObjectMapper().readTree(floats.body()).get("data");
    assertThat(data.get(1).get("index").asInt()).isEqualTo(1);
    byte[] first = java.util.Base64.getDecoder().decode(new ObjectMapper().readTree(base64.body())
        .at("/data/1/embedding").asText());
    assertThat(java.nio.ByteBuffer.wrap(first).order(java.nio.ByteOrder.LITTLE_ENDIAN).getFloat(0)).isEqualTo(2.5f);
  }

  @Test
  void shouldNeverSpliceANodesAnswerThatIsNotNumbersIntoTheResponse() throws Exception {
    mesh.answer = vectors("[[1.0,\"}],\\\"x\\\":[\"]]");
    gateway = new Gateway(new Gateway.Settings("127.0.0.1", 0, Duration.ofSeconds(5), "node-a", false,
        GatewayLock.loopbackDefaults()), mesh, null, Clock.systemUTC()).start();

    RawHttp.Response r = RawHttp.send(gateway.port(), "POST", "/v1/embeddings",
        Map.of("Content-Type", "application/json"), "{\"model\":\"auto\",\"input\":[\"a\"]}");

    assertThat(r.status()).as(r.body()).isEqualTo(200); // read as numbers, as before: the text is never spliced in
    JsonNode item = new ObjectMapper().readTree(r.body()).at("/data/0");
    assertThat(item.has("x")).isFalse();
    assertThat(item.get("embedding")).allSatisfy(n -> assertThat(n.isNumber()).isTrue());
  }

  private static dev.atmosphere.schemas.WorkResult vectors(String output) {
    return dev.atmosphere.schemas.WorkResult.newBuilder().setIntentId("x").setWorkId("x-1")
        .setStatus(dev.atmosphere.schemas.WorkStatus.SUCCEEDED).setNodeId("node-a").setCapabilityId("e")
        .setAttempts(1).setOutput(output).setTimings(dev.atmosphere.schemas.Timings.newBuilder()
            .setIntentCreatedAt(java.time.Instant.EPOCH).setFinishedAt(java.time.Instant.EPOCH).build()).build();
  }

  @Test
  void shouldAcceptDimensionsThatAreTheModelsOwnSize() throws Exception {
    gateway = new Gateway(new Gateway.Settings("127.0.0.1", 0, Duration.ofSeconds(5), "node-a", false,
        GatewayLock.loopbackDefaults()), mesh, null, Clock.systemUTC()).start();

    RawHttp.Response r = RawHttp.send(gateway.port(), "POST", "/v1/embeddings",
        Map.of("Content-Type", "application/json"), "{\"model\":\"auto\",\"dimensions\":2,\"input\":\"a\"}");

    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(new ObjectMapper().readTree(r.body()).at("/data/0/embedding")).hasSize(2);
  }
}
