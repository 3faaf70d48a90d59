package dev.atmosphere.ops.acl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atmosphere.schemas.topics.Topics;
import java.util.List;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.Test;

/** The node's share of the ACL set is least privilege: its own records, its own work topic, nothing of the router's. */
class MeshAclsTest {

  private final Topics topics = Topics.defaults();
  private final List<AclBinding> node = MeshAcls.node("compose-node", topics, "compose-node");

  @Test
  void shouldGrantTheNodeNoBlanketOperationAndNoOtherNodesWork() {
    assertThat(node).noneMatch(a -> a.entry().operation() == AclOperation.ALL);
    assertThat(node).filteredOn(a -> a.pattern().patternType() == PatternType.PREFIXED)
        .allSatisfy(a -> assertThat(a.pattern().name()).endsWith("compose-node-"));
    assertThat(node).filteredOn(a -> a.pattern().resourceType() == ResourceType.TOPIC
        && a.pattern().name().startsWith("atmosphere.work.") && !a.pattern().name().equals(topics.workDlq()))
        .allSatisfy(a -> assertThat(a.pattern().name()).isEqualTo("atmosphere.work.compose-node-"));
    assertThat(node).allSatisfy(a -> assertThat(a.entry().principal()).isEqualTo("User:compose-node"));
  }

  @Test
  void shouldNeverLetTheNodeWriteResultsRoutesOrTheCache() {
    assertThat(node).filteredOn(a -> a.entry().operation() == AclOperation.WRITE)
        .extracting(a -> a.pattern().name())
        .doesNotContain(topics.results(), topics.routes(), topics.cache(), topics.verifiedCapabilities(),
            topics.verifiedNodeStatus());
  }
}
