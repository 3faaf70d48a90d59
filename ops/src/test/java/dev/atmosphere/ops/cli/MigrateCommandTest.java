package dev.atmosphere.ops.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.junit.jupiter.api.Test;

/** Found by hand: a migration naming no node of the mesh was posted and then followed for an hour. */
class MigrateCommandTest {

  private static final Set<String> NODES = Set.of("gpu-box-1a2b3c4d5e6f7a8b", "laptop-99aa88bb77cc66dd",
      "laptop-2-0011223344556677");

  @Test
  void shouldTakeANodesIdOrTheOneIdItBegins() {
    assertThat(MigrateCommand.node("gpu-box-1a2b3c4d5e6f7a8b", NODES, "--from")).isEqualTo("gpu-box-1a2b3c4d5e6f7a8b");
    assertThat(MigrateCommand.node("gpu-box", NODES, "--from")).isEqualTo("gpu-box-1a2b3c4d5e6f7a8b");
    assertThat(MigrateCommand.node("laptop-9", NODES, "--to")).isEqualTo("laptop-99aa88bb77cc66dd");
  }

  @Test
  void shouldRefuseANameThatIsNoNodeOrSeveral() {
    assertThatThrownBy(() -> MigrateCommand.node("desktop", NODES, "--to"))
        .hasMessage("--to desktop is no node of the mesh (./atmosphere nodes lists them)");
    assertThatThrownBy(() -> MigrateCommand.node("laptop", NODES, "--to")).hasMessageContaining("could be any of")
        .hasMessageContaining("laptop-2-0011223344556677").hasMessageContaining("laptop-99aa88bb77cc66dd");
  }
}
