package dev.atmosphere.ops.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.atmosphere.common.config.ConfigException;
import dev.atmosphere.common.config.Settings;
import dev.atmosphere.common.kafka.KafkaConnection;
import dev.atmosphere.common.kafka.MeshCredential;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A second machine joins the first one's embedded broker: shared as a name of this machine, the broker listens on
 * every interface and advertises that name, and takes there only the login the join code derives — a client that
 * knows only the LAN address and the code works end to end; a wrong code or no login gets nothing. Sharing without a
 * join code is refused at start.
 */
@Timeout(120)
class SharedBrokerIT {

  @TempDir Path dir;

  private static Optional<String> lanAddress() throws Exception {
    for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
      if (!nic.isUp() || nic.isLoopback()) {
        continue;
      }
      for (InetAddress a : Collections.list(nic.getInetAddresses())) {
        if (a instanceof Inet4Address && !a.isLoopbackAddress()) {
          return Optional.of(a.getHostAddress());
        }
      }
    }
    return Optional.empty();
  }

  @Test
  void shouldServeClientsThatReachItByItsLanAddressOnlyWithTheJoinCodesLogin() throws Exception {
    Optional<String> lan = lanAddress();
    assumeTrue(lan.isPresent(), "this machine has no non-loopback IPv4 address");
    String code = "a-long-secret-code";

    try (EmbeddedKafka broker = EmbeddedKafka.start(dir.resolve("kafka"), 0, lan.get(), MeshCredential.password(code));
        Admin local = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()));
        Admin joined = Admin.create(login(broker.sharedBootstrap(), MeshCredential.clientProperties(code)))) {
      local.createTopics(java.util.List.of(new NewTopic("shared-check", 1, (short) 1))).all().get();

      assertThat(broker.bootstrapServers()).as("this machine's own processes").startsWith("127.0.0.1:");
      assertThat(broker.sharedBootstrap()).startsWith(lan.get() + ":");
      assertThat(joined.describeCluster().nodes().get()).allSatisfy(n -> assertThat(n.host()).isEqualTo(lan.get()));
      assertThat(joined.listTopics().names().get()).contains("shared-check");
      try (Admin wrong = Admin.create(login(broker.sharedBootstrap(), MeshCredential.clientProperties("guess")))) {
        assertThatThrownBy(() -> wrong.listTopics().names().get()).hasCauseInstanceOf(
            org.apache.kafka.common.errors.SaslAuthenticationException.class);
      }
      try (Admin stranger = Admin.create(login(broker.sharedBootstrap(), Map.of()))) {
        assertThatThrownBy(() -> stranger.listTopics().names().get()).as("no login: nothing")
            .hasCauseInstanceOf(org.apache.kafka.common.errors.TimeoutException.class);
      }
    }
  }

  @Test
  void shouldSpeakTlsToClientsThatTrustItsCertificateOnly() throws Exception {
    Optional<String> lan = lanAddress();
    assumeTrue(lan.isPresent(), "this machine has no non-loopback IPv4 address");
    String code = "a-long-secret-code";
    BrokerCertificate tls = BrokerCertificate.ensure(dir.resolve("kafka-tls"), lan.get());
    BrokerCertificate stranger = BrokerCertificate.ensure(dir.resolve("other-tls"), lan.get());
    Settings joining = Settings.of(Map.of("kafka.bootstrap.servers", "unused:1", "kafka.auth", "join_code",
        "mesh.join.code", code, "kafka.tls.ca", tls.certificate().toString()));

    try (EmbeddedKafka broker = EmbeddedKafka.start(dir.resolve("kafka"), 0, lan.get(),
            MeshCredential.password(code), tls);
        Admin joined = Admin.create(login(broker.sharedBootstrap(),
            KafkaConnection.from(joining).clientProperties()))) {
      assertThat(KafkaConnection.from(joining).clientProperties()).containsEntry("security.protocol", "SASL_SSL");
      assertThat(joined.describeCluster().nodes().get()).allSatisfy(n -> assertThat(n.host()).isEqualTo(lan.get()));
      Map<String, String> untrusting = new java.util.HashMap<>(KafkaConnection.from(joining).clientProperties());
      untrusting.put("ssl.truststore.location", stranger.certificate().toString());
      try (Admin fooled = Admin.create(login(broker.sharedBootstrap(), untrusting))) {
        assertThatThrownBy(() -> fooled.listTopics().names().get()).as("a certificate it does not trust")
            .hasCauseInstanceOf(org.apache.kafka.common.errors.SslAuthenticationException.class);
      }
      try (Admin clear = Admin.create(login(broker.sharedBootstrap(), MeshCredential.clientProperties(code)))) {
        assertThatThrownBy(() -> clear.listTopics().names().get()).as("the right login in clear text")
            .hasCauseInstanceOf(org.apache.kafka.common.errors.TimeoutException.class);
      }
    }
    assertThat(BrokerCertificate.ensure(dir.resolve("kafka-tls"), lan.get()).certificate())
        .as("made once, kept across restarts").hasSameBinaryContentAs(tls.certificate());
    assertThat(java.nio.file.Files.readString(dir.resolve("kafka/server.properties"))).doesNotContain(tls.password());
  }

  @Test
  void shouldShareTheRegistryBehindItsDoorWithTheMeshLogin() throws Exception {
    Optional<String> lan = lanAddress();
    assumeTrue(lan.isPresent(), "this machine has no non-loopback IPv4 address");
    String code = "a-long-secret-code";
    try (EmbeddedRegistry shared = EmbeddedRegistry.startShared(EmbeddedRegistry.locateJar(
            Path.of("..").toAbsolutePath().normalize()), 0, dir.resolve("registry"), dir.resolve("registry.log"),
        java.time.Duration.ofSeconds(90), lan.get(), MeshCredential.USER + ":" + MeshCredential.password(code))) {
      KafkaConnection joined = KafkaConnection.from(Settings.of(Map.of("kafka.auth", "join_code",
          "mesh.join.code", code, "registry.url", shared.ccompatUrl())));
      org.apache.avro.Schema schema = dev.atmosphere.schemas.Intent.getClassSchema();

      assertThat(shared.ccompatUrl()).startsWith("http://" + lan.get() + ":");
      int id = joined.serdes().registry().register("atmosphere.intents-value", schema);
      assertThat(new dev.atmosphere.schemas.serde.HttpSchemaRegistryClient(shared.ccompatUrl()).byId(id))
          .as("read back by anyone, through the door, from the real registry").isEqualTo(schema);
    }
  }

  @Test
  void shouldNameTheKeyWhenTheTrustedCertificateCannotBeRead() {
    Settings joining = Settings.of(Map.of("kafka.bootstrap.servers", "h:1", "kafka.tls.ca", "/no/such/broker.pem"));

    KafkaConnection.from(joining);

    assertThatThrownBy(joining::validate).isInstanceOf(ConfigException.class)
        .hasMessageContaining("kafka.tls.ca").hasMessageContaining("/no/such/broker.pem");
  }

  private static Map<String, Object> login(String bootstrap, Map<String, String> credential) {
    Map<String, Object> p = new java.util.HashMap<>(credential);
    p.put("bootstrap.servers", bootstrap);
    p.put("default.api.timeout.ms", "4000");
    p.put("request.timeout.ms", "3000");
    return p;
  }

  @Test
  void shouldRefuseToShareWithoutAJoinCode() {
    Settings open = Settings.of(Map.of("embedded.share.as", "laptop.local"));
    Settings joined = Settings.of(Map.of("embedded.share.as", "laptop.local", "mesh.join.code", "a-long-secret-code"));

    assertThatThrownBy(() -> EmbeddedServers.shareAs(open)).isInstanceOf(ConfigException.class)
        .hasMessageContaining("embedded.share.as").hasMessageContaining("needs mesh.join_code");
    assertThat(EmbeddedServers.shareAs(joined)).isEqualTo("laptop.local");
    assertThat(EmbeddedServers.shareAs(Settings.of(Map.of()))).isNull();
  }
}
