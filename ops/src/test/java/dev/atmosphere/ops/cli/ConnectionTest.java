package dev.atmosphere.ops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atmosphere.common.config.Settings;
import dev.atmosphere.common.kafka.KafkaConnection;
import dev.atmosphere.common.kafka.MeshCredential;
import dev.atmosphere.ops.Endpoints;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI on a machine that joined another's shared broker connects as its node does: the endpoints file says where
 * (the broker, the registry), the node config it names says how (the join code's login, the certificate to trust),
 * and no secret is written to the endpoints file. Found by hand: {@code ./atmosphere intent} on the joining machine
 * said "no broker" while its node worked.
 */
class ConnectionTest {

  @TempDir Path dir;

  @Test
  void shouldLogInAsTheNodeDoesWhenTheEndpointsNameItsConfig() throws Exception {
    Path ca = Files.writeString(dir.resolve("broker.pem"), "-----BEGIN CERTIFICATE-----\n");
    Path config = Files.writeString(dir.resolve("node.properties"), String.join("\n", "mesh.join.code=a-long-code-1",
        "kafka.auth=join_code", "kafka.tls.ca=" + ca, "kafka.bootstrap.servers=old:9092"));
    Settings endpoints = Settings.of(Map.of("kafka.bootstrap.servers", "192.0.2.2:9092", "registry.url",
        "http://192.0.2.2:8081/apis/ccompat/v7", "config.file", config.toString()));

    KafkaConnection c = KafkaConnection.from(Connection.asTheNodeConnects(endpoints, Map.of(), Map.of()).orElseThrow());

    assertThat(c.bootstrapServers()).as("where: the running node's").isEqualTo("192.0.2.2:9092");
    assertThat(c.clientProps()).containsEntry("security.protocol", "SASL_SSL")
        .containsEntry("ssl.truststore.location", ca.toString());
    assertThat(c.registryLogin()).startsWith(MeshCredential.USER + ":");
  }

  @Test
  void shouldLetEnvironmentAndFlagsWinAndNeedNoConfigFile() throws Exception {
    Path config = Files.writeString(dir.resolve("node.properties"), "kafka.auth=none\n");
    Settings endpoints = Settings.of(Map.of("kafka.bootstrap.servers", "192.0.2.2:9092", "registry.url",
        "http://r:8081", "config.file", config.toString()));

    Settings s = Connection.asTheNodeConnects(endpoints, Map.of("ATMOSPHERE_KAFKA_BOOTSTRAP_SERVERS", "env:9092"),
        Map.of("registry.url", "http://flag:8081")).orElseThrow();

    assertThat(s.get(dev.atmosphere.common.config.CommonKeys.BOOTSTRAP)).isEqualTo("env:9092");
    assertThat(s.get(dev.atmosphere.common.config.CommonKeys.REGISTRY)).isEqualTo("http://flag:8081");
    assertThat(Connection.asTheNodeConnects(Settings.of(Map.of("kafka.bootstrap.servers", "h:1")), Map.of(),
        Map.of())).as("an endpoints file without a config").isEmpty();
  }

  @Test
  void shouldReadTheNodesYamlAsUpDoesAndFindTheEndpointsInItsDataDir() throws Exception {
    Path data = dir.resolve("node-b-data");
    Files.createDirectories(Endpoints.file(data).getParent());
    Files.writeString(Endpoints.file(data), "kafka.bootstrap.servers=192.0.2.7\\:9092\n"
        + "registry.url=http\\://192.0.2.7\\:8081/apis/ccompat/v7\n");
    Path yaml = Files.writeString(dir.resolve("b.yaml"), String.join("\n", "version: v1", "atmosphere:",
        "  data_dir: " + data, "  mesh: {join_code: a-very-long-join-code-1234}", "  kafka:",
        "    bootstrap_servers: laptop.local:9092", "    auth: join_code", "  metrics: {port: 0}", ""));
    Connection connection = new Connection();
    connection.config = yaml;

    KafkaConnection c = KafkaConnection.from(connection.settings(dir));

    assertThat(c.bootstrapServers()).as("where: the running node's endpoints").isEqualTo("192.0.2.7:9092");
    assertThat(c.clientProps()).as("how: the YAML's join code login").containsEntry("security.protocol",
        "SASL_PLAINTEXT");
    assertThat(c.registryLogin()).startsWith(MeshCredential.USER + ":");
  }
}
