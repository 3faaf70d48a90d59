package dev.atmosphere.ops.embedded;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataDirPairingTest {

  @TempDir Path dir;

  private DataDirPairing pairing() {
    return new DataDirPairing(dir.resolve("kafka"), dir.resolve("registry"));
  }

  private void formatBroker(String clusterId) throws Exception {
    Files.createDirectories(dir.resolve("kafka/logs"));
    Files.writeString(dir.resolve("kafka/logs/meta.properties"), "version=1\ncluster.id=" + clusterId + "\nnode.id=1\n");
  }

  @Test
  void shouldAcceptAFreshDataDirectory() {
    assertThatCode(() -> pairing().check()).doesNotThrowAnyException();
  }

  @Test
  void shouldAcceptThePairItWroteItself() throws Exception {
    formatBroker("abc");
    Files.createDirectories(dir.resolve("registry"));
    Files.writeString(dir.resolve("registry/registry.mv.db"), "");
    pairing().pair();

    assertThatCode(() -> pairing().check()).doesNotThrowAnyException();
  }

  @Test
  void shouldRefuseBrokerDataWithoutRegistryDataNamingWhatToMove() throws Exception {
    formatBroker("abc");

    assertThatThrownBy(() -> pairing().check()).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("Move " + dir.resolve("kafka") + " away");
  }

  @Test
  void shouldRefuseARegistryWrittenForAnotherCluster() throws Exception {
    formatBroker("abc");
    pairing().pair();
    formatBroker("xyz");

    assertThatThrownBy(() -> pairing().check()).hasMessageContaining("cluster xyz")
        .hasMessageContaining("written for cluster abc");
  }
}
