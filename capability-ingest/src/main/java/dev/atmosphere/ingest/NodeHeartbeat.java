package dev.atmosphere.ingest;

import dev.atmosphere.common.identity.NodeIdentity;
import dev.atmosphere.ingest.resources.MachineResources;
import dev.atmosphere.schemas.NodeMode;
import dev.atmosphere.schemas.NodeStatus;
import dev.atmosphere.schemas.topics.Topics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Publishes this node's {@link NodeStatus} to the compacted {@code atmosphere.node-status}: load, queue, limits,
 * memory and an expiry. The router treats a node as dead once {@code expiresAt} passes, so a node that stops
 * beating stops receiving work without anyone having to notice it left.
 */
public final class NodeHeartbeat {

  private final String nodeId;
  private final Topics topics;
  private final Duration ttl;
  private final Optional<String> dataResidency;
  private final String priority;
  private final LoadSource load;
  private final Producer<String, NodeStatus> producer;
  private final NodeIdentity identity;
  private final Clock clock;
  private final MachineResources resources;
  private final dev.atmosphere.common.migration.MigrationFlags migration;
  private long sequence;

  public NodeHeartbeat(String nodeId, Topics topics, Duration ttl, Optional<String> dataResidency, String priority,
      LoadSource load,
      Producer<String, NodeStatus> producer, NodeIdentity identity, Clock clock, MachineResources resources,
      dev.atmosphere.common.migration.MigrationFlags migration) {
    this.migration = migration;
    this.nodeId = nodeId;
    this.topics = topics;
    this.ttl = ttl;
    this.dataResidency = dataResidency;
    this.priority = priority;
    this.load = load;
    this.producer = producer;
    this.identity = identity;
    this.clock = clock;
    this.resources = resources;
  }

  public synchronized NodeStatus beat() {
    Instant now = clock.instant();
    LoadSource.Load l = load.current();
    MachineResources.Snapshot machine = resources.current();
    sequence = Math.max(sequence + 1, now.toEpochMilli());
    NodeStatus status = NodeStatus.newBuilder()
        .setNodeId(nodeId)
        .setMode(NodeMode.PARTICIPANT)
        .setLoad(l.utilisation())
        .setQueueDepth(l.queueDepth())
        .setInFlight(l.inFlight())
        .setMaxConcurrent(l.maxConcurrent())
        .setAvailableMemoryBytes(machine.freeMemoryBytes())
        .setTotalMemoryBytes(machine.totalMemoryBytes())
        .setAvailableVramBytes(machine.gpu().freeVramBytes())
        .setTotalVramBytes(machine.gpu().totalVramBytes())
        .setGpuUtilization(machine.gpu().utilization())
        .setAvailableDiskBytes(machine.freeDiskBytes())
        .setDataResidency(dataResidency.orElse(null))
        .setWorkTopic(topics.work(nodeId))
        .setReportedAt(now)
        .setExpiresAt(now.plus(ttl))
        .setMaxQueueDepth(l.maxQueueDepth())
        .setPriority(priority)
        .setAcceptingWork(l.accepting())
        .setMigrationServes(migration.serves())
        .setMigrationMaxBytes(migration.serves() ? migration.maxBytes() : null)
        .setMigrationAccepts(migration.accepts())
        .setMigrationAllowsCpu(migration.allowsCpu())
        .setSequence(sequence)
        .build();
    NodeStatus signed = sign(status);
    producer.send(new ProducerRecord<>(topics.nodeStatus(), nodeId, signed));
    return signed;
  }

  /** Announces a clean leave: a status that has already expired. */
  public synchronized void leave() {
    NodeStatus last = beat();
    sequence++;
    producer.send(new ProducerRecord<>(topics.nodeStatus(), nodeId, sign(NodeStatus.newBuilder(last)
        .setExpiresAt(last.getReportedAt()).setSequence(sequence).build())));
    producer.flush();
  }

  private NodeStatus sign(NodeStatus status) {
    return identity.sign(status, s -> NodeStatus.newBuilder(s).setPublicKey(identity.publicKeyBuffer())
        .setJoinProof(identity.joinProof()).setSignature(null).build());
  }
}
