package dev.atmosphere.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atmosphere.common.config.Settings;
import dev.atmosphere.common.kafka.KafkaConnection;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EndpointsTest {

  @TempDir Path dataDir;

  @Test
  void shouldWriteAFileTheCliReadsAsItsConnectionSettings() {
    new Endpoints(Map.of(KafkaConnection.BOOTSTRAP, "127.0.0.1:9092", KafkaConnection.REGISTRY,
        "http://127.0.0.1:8081/apis/ccompat/v7", Endpoints.NODE_ID, "laptop-0123456789abcdef")).write(dataDir);

    Settings read = Settings.load(Endpoints.file(dataDir), Map.of(), Map.of());
    KafkaConnection connection = KafkaConnection.from(read);

    assertThat(connection.bootstrapServers()).isEqualTo("127.0.0.1:9092");
    assertThat(connection.registryUrl()).isEqualTo("http://127.0.0.1:8081/apis/ccompat/v7");
    assertThat(read.string(Endpoints.NODE_ID, "")).isEqualTo("laptop-0123456789abcdef");
    assertThat(Endpoints.file(dataDir).resolveSibling("endpoints.properties.partial")).as("written aside, then moved")
        .doesNotExist();
  }

  @Test
  void shouldSayWhenANodeHasNoLocalApiOrMetrics() {
    Endpoints headless = new Endpoints(Map.of(Endpoints.NODE_ID, "n"));

    assertThat(headless.gatewayUrl()).isNull();
    assertThat(headless.metricsUrl()).isEmpty();
    assertThat(headless.nodeId()).isEqualTo("n");
  }
}
