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
  void shouldAcceptDimensionsThatAreTheModelsOwnSize() throws Exception {
    gateway = new Gateway(new Gateway.Settings("127.0.0.1", 0, Duration.ofSeconds(5), "node-a", false,
        GatewayLock.loopbackDefaults()), mesh, null, Clock.systemUTC()).start();

    RawHttp.Response r = RawHttp.send(gateway.port(), "POST", "/v1/embeddings",
        Map.of("Content-Type", "application/json"), "{\"model\":\"auto\",\"dimensions\":2,\"input\":\"a\"}");

    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(new ObjectMapper().readTree(r.body()).at("/data/0/embedding")).hasSize(2);
  }
}
