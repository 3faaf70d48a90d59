package dev.atmosphere.ops.acl;

import dev.atmosphere.schemas.topics.Topics;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * The mesh's least-privilege ACL set, in one place: the compose stack applies it ({@code ./atmosphere acls}, called by
 * {@code ops/compose/acls.sh}) and {@code AclsIT} runs a whole intent under it on a cluster with the standard
 * authorizer and deny-by-default. A node's principal may write only its own records and read only its own work topic;
 * node ids are {@code <name>-<fingerprint>}, so a node's resources are granted by the prefix {@code <name>-}.
 */
public final class MeshAcls {

  private final List<AclBinding> out = new ArrayList<>();

  private MeshAcls() {}

  /** The router: the whole mesh, its Streams internal topics, groups and transactions ({@code application.id}). */
  public static List<AclBinding> router(String principal, Topics topics, String applicationId) {
    MeshAcls a = new MeshAcls();
    a.prefixed(principal, ResourceType.TOPIC, topics.prefix() + ".", AclOperation.ALL);
    a.prefixed(principal, ResourceType.TOPIC, applicationId, AclOperation.ALL);
    a.prefixed(principal, ResourceType.GROUP, applicationId, AclOperation.ALL);
    a.prefixed(principal, ResourceType.TRANSACTIONAL_ID, applicationId, AclOperation.ALL);
    a.cluster(principal, AclOperation.CREATE, AclOperation.DESCRIBE_CONFIGS, AclOperation.IDEMPOTENT_WRITE);
    return a.out;
  }

  /** One node (agent, executor, gateway) named {@code nodeName}: its own records, its own work topic. */
  public static List<AclBinding> node(String principal, Topics topics, String nodeName) {
    MeshAcls a = new MeshAcls();
    String id = nodeName + "-";
    for (String t : List.of(topics.capabilities(), topics.nodeStatus(), topics.attempts(), topics.resultChunks(),
        topics.workDlq(), topics.intents(), topics.feedback(), topics.migrations(), topics.federatedQueries(),
        topics.federatedParts())) {
      a.literal(principal, ResourceType.TOPIC, t, AclOperation.WRITE, AclOperation.DESCRIBE);
    }
    for (String t : List.of(topics.verifiedCapabilities(), topics.verifiedNodeStatus(), topics.results(),
        topics.attempts(), topics.routes(), topics.resultChunks(), topics.alerts(), topics.migrations(),
        topics.federatedTasks(), topics.federatedResults())) {
      a.literal(principal, ResourceType.TOPIC, t, AclOperation.READ, AclOperation.DESCRIBE);
    }
    a.prefixed(principal, ResourceType.TOPIC, topics.work(id), AclOperation.CREATE, AclOperation.READ,
        AclOperation.WRITE, AclOperation.DESCRIBE, AclOperation.DESCRIBE_CONFIGS);
    for (String group : List.of("atmosphere-executor-", "atmosphere-federated-", "atmosphere-migration-source-",
        "atmosphere-migration-target-")) {
      a.prefixed(principal, ResourceType.GROUP, group + id, AclOperation.READ, AclOperation.DESCRIBE);
    }
    a.prefixed(principal, ResourceType.TRANSACTIONAL_ID, "atmosphere-executor-" + id, AclOperation.WRITE,
        AclOperation.DESCRIBE);
    a.cluster(principal, AclOperation.IDEMPOTENT_WRITE);
    return a.out;
  }

  /** The scaler: reads the verified table, writes recommendations and commands, runs its own Streams app. */
  public static List<AclBinding> scaler(String principal, Topics topics, String applicationId) {
    MeshAcls a = new MeshAcls();
    for (String t : List.of(topics.verifiedCapabilities(), topics.verifiedNodeStatus())) {
      a.literal(principal, ResourceType.TOPIC, t, AclOperation.READ, AclOperation.DESCRIBE);
    }
    for (String t : List.of(topics.scaleCommands(), topics.scaleRecommendations(), topics.scaleDlq())) {
      a.literal(principal, ResourceType.TOPIC, t, AclOperation.ALL);
    }
    a.prefixed(principal, ResourceType.TOPIC, applicationId, AclOperation.ALL);
    a.prefixed(principal, ResourceType.GROUP, applicationId, AclOperation.ALL);
    a.prefixed(principal, ResourceType.TRANSACTIONAL_ID, applicationId, AclOperation.ALL);
    a.cluster(principal, AclOperation.IDEMPOTENT_WRITE);
    return a.out;
  }

  /** The Flink monitoring job: reads what it watches, writes alerts. */
  public static List<AclBinding> monitoring(String principal, Topics topics, String groupId) {
    MeshAcls a = new MeshAcls();
    for (String t : List.of(topics.verifiedNodeStatus(), topics.results(), topics.routerDlq(), topics.workDlq(),
        topics.scaleDlq(), topics.migrations())) {
      a.literal(principal, ResourceType.TOPIC, t, AclOperation.READ, AclOperation.DESCRIBE);
    }
    a.literal(principal, ResourceType.TOPIC, topics.alerts(), AclOperation.WRITE, AclOperation.DESCRIBE);
    a.prefixed(principal, ResourceType.GROUP, groupId, AclOperation.READ, AclOperation.DESCRIBE);
    a.cluster(principal, AclOperation.IDEMPOTENT_WRITE);
    return a.out;
  }

  /** A Kafka-backed schema registry (Confluent's): its {@code _schemas} topic and group. */
  public static List<AclBinding> registry(String principal) {
    MeshAcls a = new MeshAcls();
    a.literal(principal, ResourceType.TOPIC, "_schemas", AclOperation.ALL);
    a.prefixed(principal, ResourceType.GROUP, "schema-registry", AclOperation.ALL);
    a.cluster(principal, AclOperation.DESCRIBE_CONFIGS, AclOperation.CREATE, AclOperation.IDEMPOTENT_WRITE);
    return a.out;
  }

  private void literal(String principal, ResourceType type, String name, AclOperation... ops) {
    add(principal, new ResourcePattern(type, name, PatternType.LITERAL), ops);
  }

  private void prefixed(String principal, ResourceType type, String name, AclOperation... ops) {
    add(principal, new ResourcePattern(type, name, PatternType.PREFIXED), ops);
  }

  private void cluster(String principal, AclOperation... ops) {
    add(principal, new ResourcePattern(ResourceType.CLUSTER, "kafka-cluster", PatternType.LITERAL), ops);
  }

  private void add(String principal, ResourcePattern pattern, AclOperation... ops) {
    for (AclOperation op : ops) {
      out.add(new AclBinding(pattern, new AccessControlEntry("User:" + principal, "*", op, AclPermissionType.ALLOW)));
    }
  }
}
