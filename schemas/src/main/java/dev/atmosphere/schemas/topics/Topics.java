package dev.atmosphere.schemas.topics;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The topic catalogue of the mesh: every topic name, its layout and its key/value contract, in one place.
 * An instance (not statics) so tests can use a prefix and run on fresh topics.
 */
public final class Topics {

  private static final Map<String, String> COMPACTED =
      Map.of("cleanup.policy", "compact", "min.cleanable.dirty.ratio", "0.1", "segment.ms", "3600000");
  private static final Map<String, String> STREAM = Map.of("cleanup.policy", "delete", "retention.ms", "604800000");

  private final String prefix;
  private final int partitions;
  private final short replicationFactor;

  public Topics(String prefix, int partitions) {
    this(prefix, partitions, (short) 1);
  }

  /** Names under {@code prefix} (normally atmosphere); {@code partitions} of the keyed streams; replicas of every topic. */
  public Topics(String prefix, int partitions, short replicationFactor) {
    if (!prefix.matches("[A-Za-z0-9._-]+")) {
      throw new IllegalArgumentException("topic prefix '" + prefix + "' has characters Kafka does not allow");
    }
    this.prefix = prefix;
    this.partitions = partitions;
    this.replicationFactor = replicationFactor;
  }

  public short replicationFactor() {
    return replicationFactor;
  }

  public static Topics defaults() {
    return new Topics("atmosphere", 3);
  }

  public String prefix() {
    return prefix;
  }

  public String capabilities() {
    return prefix + ".capabilities";
  }

  public String nodeStatus() {
    return prefix + ".node-status";
  }

  /** Capabilities whose signature, key and sequence the router verified (what everyone else should read). */
  public String verifiedCapabilities() {
    return prefix + ".capabilities.verified";
  }

  /** Heartbeats the router verified. */
  public String verifiedNodeStatus() {
    return prefix + ".node-status.verified";
  }

  public String intents() {
    return prefix + ".intents";
  }

  /** Intents the router posts (plan units, prefetches): routers alone write it, so their origin stands as proven. */
  public String routerIntents() {
    return prefix + ".intents.router";
  }

  public String routes() {
    return prefix + ".routes";
  }

  public String results() {
    return prefix + ".results";
  }

  /** Results of single attempts, from executors to the router (which publishes the one terminal result). */
  public String attempts() {
    return prefix + ".attempts";
  }

  /** Pieces of streamed answers, ahead of their final result. */
  public String resultChunks() {
    return prefix + ".results.chunks";
  }

  /** Work plans to run (key plan id). */
  public String plans() {
    return prefix + ".plans";
  }

  /** Terminal results of plan units re-keyed by plan id: the plan's fan-in, and what a progress bar watches. */
  public String planUnits() {
    return prefix + ".plan.units";
  }

  /** One aggregate result per plan (key plan id). */
  public String planResults() {
    return prefix + ".plan.results";
  }

  /** Documents to summarise as a Kafka-native batch job (key document id = plan id of its summary). */
  public String documents() {
    return prefix + ".documents";
  }

  /** The mesh-wide semantic cache (compacted; key intent id, tombstone = evicted). */
  public String cache() {
    return prefix + ".cache";
  }

  /** Intents re-keyed by origin node, so one origin's history meets in one task (follow-up prediction). */
  public String intentsByOrigin() {
    return prefix + ".intents.by-origin";
  }

  /** Alerts of the monitoring jobs (key = subject). */
  public String alerts() {
    return prefix + ".alerts";
  }

  /** The scaler's decisions (key = capability type). */
  public String scaleCommands() {
    return prefix + ".scale.commands";
  }

  /** The scaler's windowed recommendations per capability type. */
  public String scaleRecommendations() {
    return prefix + ".scale.recommendations";
  }

  /** Dead letters of the scaler (its Streams app and its actuators' consumer), with the reason in headers. */
  public String scaleDlq() {
    return prefix + ".scale.dlq";
  }

  /** Dead letters of the router (undecodable or unprocessable records, with the reason in headers). */
  public String routerDlq() {
    return prefix + ".router.dlq";
  }

  /** Dead letters of the node agents' and executors' plain consumers. */
  public String workDlq() {
    return prefix + ".work.dlq";
  }

  public String work(String nodeId) {
    return prefix + ".work." + NodeIds.require(nodeId);
  }

  /** Where each conversation's latest turn was answered (compacted; key = conversation hash). */
  public String affinity() {
    return prefix + ".affinity";
  }

  /** People's word on routes (compacted; key intent id): the router's nearest-neighbour layer learns from it. */
  public String feedback() {
    return prefix + ".feedback";
  }

  /** Model migrations' control events (compacted; key migration id: the latest is the status). */
  public String migrations() {
    return prefix + ".migrations";
  }

  /** Federated queries (key query id), co-partitioned with their parts. */
  public String federatedQueries() {
    return prefix + ".federated.queries";
  }

  /** Each node's share of a query, after its budget was debited (every node reads all, runs its own). */
  public String federatedTasks() {
    return prefix + ".federated.tasks";
  }

  /** Noised releases of the nodes (key query id). */
  public String federatedParts() {
    return prefix + ".federated.parts";
  }

  /** Aggregates and refusals (key query id). */
  public String federatedResults() {
    return prefix + ".federated.results";
  }

  /** The topics of a multi-site mesh (outboxes, the other site's announcements, site info). */
  public SiteTopics sites() {
    return new SiteTopics(prefix, partitions, STREAM, COMPACTED);
  }

  /** The shared topics every deployment needs (per-node work topics are made by their node). */
  public List<TopicSpec> shared() {
    List<TopicSpec> specs = new ArrayList<>();
    specs.add(new TopicSpec(capabilities(), 1, COMPACTED, "nodeId|capabilityId", "CapabilityAnnouncement"));
    specs.add(new TopicSpec(nodeStatus(), 1, COMPACTED, "nodeId", "NodeStatus"));
    specs.add(new TopicSpec(verifiedCapabilities(), 1, COMPACTED, "nodeId|capabilityId", "CapabilityAnnouncement"));
    specs.add(new TopicSpec(verifiedNodeStatus(), 1, COMPACTED, "nodeId", "NodeStatus"));
    specs.addAll(sites().shared());
    specs.add(new TopicSpec(intents(), partitions, STREAM, "intentId", "Intent"));
    specs.add(new TopicSpec(routerIntents(), partitions, STREAM, "intentId", "Intent (a plan unit or prefetch)"));
    specs.add(new TopicSpec(routes(), partitions, STREAM, "intentId", "RouteDecision"));
    specs.add(new TopicSpec(results(), partitions, STREAM, "intentId", "WorkResult"));
    specs.add(new TopicSpec(attempts(), partitions, STREAM, "intentId", "WorkResult (one attempt)"));
    specs.add(new TopicSpec(resultChunks(), partitions, Map.of("cleanup.policy", "delete", "retention.ms", "3600000"),
        "intentId", "ResultChunk"));
    specs.add(new TopicSpec(plans(), partitions, STREAM, "planId", "Plan"));
    specs.add(new TopicSpec(planUnits(), partitions, STREAM, "planId", "WorkResult (one unit, terminal)"));
    specs.add(new TopicSpec(planResults(), partitions, STREAM, "planId", "PlanResult"));
    specs.add(new TopicSpec(documents(), partitions, STREAM, "documentId", "Document"));
    specs.add(new TopicSpec(cache(), 1, COMPACTED, "intentId", "CacheEntry"));
    specs.add(new TopicSpec(affinity(), 1, COMPACTED, "conversation hash", "ConversationTurn"));
    specs.add(new TopicSpec(feedback(), 1, COMPACTED, "intentId (a person's word) or pinned|capability|slot",
        "RouteFeedback"));
    specs.add(new TopicSpec(migrations(), 1, COMPACTED, "migrationId", "MigrationEvent"));
    specs.add(new TopicSpec(intentsByOrigin(), partitions, Map.of("cleanup.policy", "delete", "retention.ms",
        "86400000"), "originNodeId", "Intent"));
    // one partition each: one router task owns the whole privacy ledger (federated queries are few)
    specs.add(new TopicSpec(federatedQueries(), 1, STREAM, "queryId", "FederatedQuery"));
    specs.add(new TopicSpec(federatedTasks(), 1, STREAM, "queryId", "FederatedTask"));
    specs.add(new TopicSpec(federatedParts(), 1, STREAM, "queryId", "FederatedPart (noised)"));
    specs.add(new TopicSpec(federatedResults(), 1, STREAM, "queryId", "FederatedResult"));
    specs.add(new TopicSpec(alerts(), 1, STREAM, "subject", "Alert"));
    specs.add(new TopicSpec(scaleCommands(), 1, STREAM, "capabilityType", "ScaleCommand"));
    specs.add(new TopicSpec(scaleRecommendations(), 1, STREAM, "capabilityType", "ScaleRecommendation"));
    List.of(routerDlq(), workDlq(), scaleDlq()).forEach(dlq -> specs.add(new TopicSpec(dlq, 1, STREAM, "original key",
        "original bytes")));
    return specs;
  }

  public TopicSpec workSpec(String nodeId) {
    return new TopicSpec(work(nodeId), 1, STREAM, "intentId", "WorkUnit");
  }

  /** Key of a capability on the compacted topic: one record per node and capability. */
  public static String capabilityKey(String nodeId, String capabilityId) {
    return nodeId + "|" + capabilityId;
  }
}
