package dev.atmosphere.executor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atmosphere.common.identity.NodeIdentity;
import dev.atmosphere.schemas.Timings;
import dev.atmosphere.schemas.WorkResult;
import dev.atmosphere.schemas.WorkStatus;
import dev.atmosphere.schemas.sign.Signatures;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Every attempt leaves the node signed by its key, over exactly what the router will read. */
class NodeSignedTest {

  private final NodeIdentity node = NodeIdentity.ephemeral("n", Optional.empty());

  @Test
  void shouldSignTheAttemptWithTheNodeKeyAndNameTheNode() {
    WorkResult signed = NodeSigned.attempts(node, null).sign(WorkResult.newBuilder().setIntentId("i").setWorkId("w")
        .setStatus(WorkStatus.SUCCEEDED).setOutput("Paris")
        .setTimings(Timings.newBuilder().setIntentCreatedAt(Instant.EPOCH).setFinishedAt(Instant.EPOCH).build()).build());

    assertThat(signed.getNodeId()).isEqualTo(node.nodeId());
    assertThat(Signatures.bytes(signed.getPublicKey())).isEqualTo(node.publicKey());
    byte[] signature = Signatures.bytes(signed.getSignature());
    assertThat(Signatures.verify(node.publicKey(), Signatures.canonicalSpecific(signed), signature)).isTrue();
    assertThat(Signatures.verify(node.publicKey(), Signatures.canonicalSpecific(WorkResult.newBuilder(signed)
        .setOutput("Lyon").build()), signature)).as("a changed answer no longer verifies").isFalse();
  }
}
