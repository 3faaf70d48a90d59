package dev.atmosphere.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The federated extension of a chat request: its fields checked at the door; a node without the mesh says 501. */
class FederatedRequestTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private Gateway gateway;

  @BeforeEach
  void start() {
    gateway = new Gateway(new Gateway.Settings("127.0.0.1", 0, Duration.ofSeconds(5), "node-a", false,
        GatewayLock.loopbackDefaults()), new EchoMesh(), null, Clock.systemUTC()).start();
  }

  @AfterEach
  void stop() {
    gateway.close();
  }

  private RawHttp.Response post(String federated) throws Exception {
    return RawHttp.send(gateway.port(), "POST", "/v1/chat/completions", Map.of("Content-Type", "application/json"),
        "{\"model\":\"auto\",\"messages\":[{\"role\":\"user\",\"content\":\"how many?\"}],\"atmosphere\":{\"federated\":"
            + federated + "}}");
  }

  @Test
  void shouldNameTheFieldOfABadFederatedRequest() throws Exception {
    assertThat(JSON.readTree(post("{\"epsilon\":-1}").body()).at("/error/param").asText())
        .isEqualTo("atmosphere.federated.epsilon");
    assertThat(JSON.readTree(post("{\"epsilon\":0.5,\"aggregate\":\"median\"}").body()).at("/error/param").asText())
        .isEqualTo("atmosphere.federated.aggregate");
  }

  @Test
  void shouldAnswer501WhereThereIsNoMeshToAsk() throws Exception {
    RawHttp.Response r = post("{\"epsilon\":0.5,\"aggregate\":\"count\"}");

    assertThat(r.status()).isEqualTo(501);
    assertThat(r.body()).contains("federated queries need the mesh");
  }
}
