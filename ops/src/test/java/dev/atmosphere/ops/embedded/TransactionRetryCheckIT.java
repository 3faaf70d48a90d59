package dev.atmosphere.ops.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atmosphere.common.kafka.TransactionRetryCheck;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.server.common.MetadataVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The start-up advice about the brokers' transaction retry, read from real brokers' configs. */
@Timeout(120)
class TransactionRetryCheckIT {

  @TempDir Path dir;

  @Test
  void shouldAdviseACLusterOnKafkasDefaultRetryAndNameTheKeyAndTheBroker() throws Exception {
    try (KafkaClusterTestKit cluster = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
        .setBootstrapMetadataVersion(MetadataVersion.latestProduction()).setNumBrokerNodes(1)
        .setNumControllerNodes(1).setBaseDirectory(dir.resolve("defaults")).build()).build()) {
      cluster.format();
      cluster.startup();
      cluster.waitForReadyBrokers();
      try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers()))) {
        assertThat(TransactionRetryCheck.advice(admin, Duration.ofSeconds(10))).hasValueSatisfying(advice ->
            assertThat(advice).contains("add.partitions.to.txn.retry.backoff.ms", "broker 0 20 ms", "set it to 2"));
      }
    }
  }

  @Test
  void shouldHaveNothingToSayAboutTheEmbeddedBroker() {
    try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("embedded"), 0);
        Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
      assertThat(TransactionRetryCheck.advice(admin, Duration.ofSeconds(10))).isEmpty();
    }
  }
}
