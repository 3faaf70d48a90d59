package dev.atmosphere.common.identity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atmosphere.schemas.sign.Signatures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeIdentityTest {

  @TempDir Path dir;

  @Test
  void shouldCreateTheKeyOnceWithOwnerOnlyPermissionsAndKeepTheSameIdAfterwards() throws Exception {
    NodeIdentity first = NodeIdentity.loadOrCreate(dir, "laptop", Optional.empty());
    NodeIdentity again = NodeIdentity.loadOrCreate(dir, "laptop", Optional.empty());

    assertThat(first.nodeId()).matches("laptop-[0-9a-f]{16}").isEqualTo(again.nodeId());
    assertThat(Signatures.ownedBy(first.nodeId(), first.publicKey())).isTrue();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("node.key"))))
        .isEqualTo("rw-------");
  }

  @Test
  void shouldBindTheIdToTheKeySoAnotherKeyCannotClaimIt() {
    NodeIdentity alice = NodeIdentity.ephemeral("alice", Optional.empty());
    NodeIdentity mallory = NodeIdentity.ephemeral("alice", Optional.empty());

    assertThat(mallory.nodeId()).isNotEqualTo(alice.nodeId());
    assertThat(Signatures.ownedBy(alice.nodeId(), mallory.publicKey())).isFalse();
  }
}
