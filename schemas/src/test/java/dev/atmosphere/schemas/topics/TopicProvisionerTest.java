package dev.atmosphere.schemas.topics;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.junit.jupiter.api.Test;

/** Found by hand: a machine joining with the wrong join code stopped with "could not create topics: Authentication…". */
class TopicProvisionerTest {

  @Test
  void shouldTellAJoiningMachineItsJoinCodeIsNotTheSharingMachines() {
    IllegalStateException e = TopicProvisioner.failure(new SaslAuthenticationException(
        "Authentication failed during authentication due to invalid credentials with SASL mechanism SCRAM-SHA-512"));

    assertThat(e).hasMessageContaining("refused this node's login").hasMessageContaining("mesh.join_code must be the same")
        .hasMessageContaining("SCRAM-SHA-512");
  }

  @Test
  void shouldPointAPrincipalWithoutRightsAtTheAcls() {
    assertThat(TopicProvisioner.failure(new TopicAuthorizationException("Not authorized to access topics")))
        .hasMessageContaining("./atmosphere acls");
    assertThat(TopicProvisioner.failure(new IllegalArgumentException("boom"))).hasMessage("could not create topics: boom");
  }
}
