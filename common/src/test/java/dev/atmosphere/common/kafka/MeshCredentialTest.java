package dev.atmosphere.common.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atmosphere.common.config.Settings;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code kafka.auth: join_code} logs in to a shared embedded broker with what the join code derives, and says so. */
class MeshCredentialTest {

  @Test
  void shouldLogInWithTheCredentialTheJoinCodeDerivesWithoutShowingIt() {
    KafkaConnection c = KafkaConnection.from(Settings.of(Map.of(KafkaConnection.BOOTSTRAP, "laptop.local:9092",
        dev.atmosphere.common.config.CommonKeys.KAFKA_AUTH.name(), "join_code", "mesh.join.code",
        "a-long-secret-code")));

    assertThat(c.clientProps()).containsEntry("security.protocol", "SASL_PLAINTEXT")
        .containsEntry("sasl.mechanism", "SCRAM-SHA-512");
    assertThat(c.clientProps().getProperty("sasl.jaas.config"))
        .contains(MeshCredential.password("a-long-secret-code")).doesNotContain("a-long-secret-code");
    assertThat(c.toString()).doesNotContain(MeshCredential.password("a-long-secret-code"));
    assertThat(MeshCredential.password("a-long-secret-code")).isNotEqualTo(MeshCredential.password("another-code"))
        .hasSize(64);
  }

  @Test
  void shouldNameTheKeyWhenThereIsNoJoinCodeToDeriveFrom() {
    Settings s = Settings.of(Map.of(dev.atmosphere.common.config.CommonKeys.KAFKA_AUTH.name(), "join_code"));
    KafkaConnection.from(s);

    assertThatThrownBy(s::validate).hasMessageContaining("kafka.auth").hasMessageContaining("mesh.join_code");
  }

  @Test
  void shouldLeaveAConnectionWithoutAuthAlone() {
    KafkaConnection plain = KafkaConnection.from(Settings.of(Map.of()));

    assertThat(plain.clientProps()).doesNotContainKey("security.protocol");
    assertThat(plain.registryLogin()).isNull();
  }

  @Test
  void shouldLogInToTheSharedRegistryWithTheSameCredentialUnlessToldOtherwise() {
    Map<String, String> joined = Map.of("kafka.auth", "join_code", "mesh.join.code", "a-long-secret-code");
    Map<String, String> optedOut = new java.util.HashMap<>(joined);
    optedOut.put("registry.auth", "none");
    Map<String, String> ownLogin = Map.of("registry.basic.auth.user.info", "svc:s3cret-pass");

    KafkaConnection c = KafkaConnection.from(Settings.of(joined));

    assertThat(c.registryLogin()).isEqualTo(MeshCredential.USER + ":" + MeshCredential.password("a-long-secret-code"));
    assertThat(c.toString()).contains("(with a login)").doesNotContain(MeshCredential.password("a-long-secret-code"));
    assertThat(KafkaConnection.from(Settings.of(optedOut)).registryLogin()).isNull();
    assertThat(KafkaConnection.from(Settings.of(ownLogin)).registryLogin()).isEqualTo("svc:s3cret-pass");
    Settings wrong = Settings.of(Map.of("registry.auth", "oauth", "registry.basic.auth.user.info", "svc:s3cret-pass"));
    KafkaConnection.from(wrong);
    assertThatThrownBy(wrong::validate).hasMessageContaining("registry.auth")
        .hasMessageNotContaining("s3cret-pass");
  }
}
