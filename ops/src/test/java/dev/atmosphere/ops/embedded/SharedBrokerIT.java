package dev.atmosphere.ops.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.atmosphere.common.config.ConfigException;
import dev.atmosphere.common.config.Settings;
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
 * every interface and advertises that name, so a client that knows only the LAN address works end to end. Sharing
 * without a join code is refused at start.
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
  void shouldServeClientsThatReachItOnlyByItsLanAddressWhenShared() throws Exception {
    Optional<String> lan = lanAddress();
    assumeTrue(lan.isPresent(), "this machine has no non-loopback IPv4 address");

    try (EmbeddedKafka broker = EmbeddedKafka.start(dir.resolve("kafka"), 0, lan.get());
        Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
      admin.createTopics(java.util.List.of(new NewTopic("shared-check", 1, (short) 1))).all().get();

      assertThat(broker.bootstrapServers()).startsWith(lan.get() + ":");
      assertThat(admin.describeCluster().nodes().get()).allSatisfy(n -> assertThat(n.host()).isEqualTo(lan.get()));
      assertThat(admin.listTopics().names().get()).contains("shared-check");
    }
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
