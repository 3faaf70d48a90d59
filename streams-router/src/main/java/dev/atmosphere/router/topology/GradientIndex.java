package dev.atmosphere.router.topology;

import dev.atmosphere.router.scoring.Candidate;
import dev.atmosphere.router.scoring.PackedRows;
import dev.atmosphere.schemas.CapabilityAnnouncement;
import dev.atmosphere.schemas.NodeStatus;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The gradient table kept ready for routing: every capability decoded once and its facet vectors embedded once,
 * when its announcement arrives — not on every intent, which decoded every announcement and looked every facet up
 * again (with 10k capabilities, most of an intent's time). Updated by the global stores' updaters; read by every
 * stream thread. After a restart the updaters replay the restored stores into it.
 */
final class GradientIndex {

  private final Function<CapabilityAnnouncement, List<float[]>> vectors;
  /** How far a node's clock may run ahead of this router's before its heartbeats are cut to arrival + TTL. */
  static final java.time.Duration MAX_SKEW = java.time.Duration.ofSeconds(30);
  /** Lateness below this is the pipeline's own lag, not a slow clock: the heartbeat is left as it is. */
  private static final long SLOW_CLOCK_MS = 1000;
  private final ClockOffsets offsets = new ClockOffsets();
  private final java.util.Set<String> warnedSlow = ConcurrentHashMap.newKeySet();
  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(GradientIndex.class);

  private final Map<String, Candidate> capabilities = new ConcurrentHashMap<>();
  private final Map<String, NodeStatus> nodes = new ConcurrentHashMap<>();
  private volatile PackedRows ordered = Candidate.packed(List.of());
  private volatile boolean changed;
  /** {@link #ordered} with every row's heartbeat attached, kept current by {@link #put}; built from {@link #joinedFrom}. */
  private volatile PackedRows joined = ordered;
  private volatile PackedRows joinedFrom = ordered;
  private Map<String, int[]> rowsOfNode = Map.of(); // guarded by this
  /** The newest report time (on this router's clock) of any heartbeat read live: how far the feed has been read. */
  private volatile long feedMs = Long.MIN_VALUE;

  GradientIndex(Function<CapabilityAnnouncement, List<float[]>> vectors) {
    this.vectors = vectors;
  }

  /** A verified capability changed (null: removed). */
  void capability(String key, CapabilityAnnouncement cap) {
    if (cap == null) {
      capabilities.remove(key);
    } else {
      capabilities.put(key, Candidate.indexed(cap, vectors.apply(cap)));
    }
    changed = true;
  }

  /** A verified heartbeat restored from the store (null: removed): its arrival is not known, its clock trusted. */
  void node(String nodeId, NodeStatus status) {
    put(nodeId, status, status == null ? 0 : status.getReportedAt().toEpochMilli(), false);
  }

  /**
   * A verified heartbeat changed, received at {@code receivedAtMs} by this router's clock. A node's clock is not
   * trusted blindly either way: a heartbeat claiming to stay valid longer than its own time-to-live
   * after it arrived (a clock running ahead) is cut to that — so a dead node with a fast clock does not stay "alive" —
   * and one from a clock running behind ({@link ClockOffsets}) is moved forward by the offset, so a slow clock does not
   * make a live node look dead (beyond {@link #MAX_SKEW} only once its heartbeats have kept their pace for a while).
   */
  void node(String nodeId, NodeStatus status, long receivedAtMs) {
    put(nodeId, status, receivedAtMs, true);
  }

  /** Where the verified heartbeats' store reports to: live changes, and rows restored after a restart. */
  SequencedTableUpdater.Change<NodeStatus> heartbeats() {
    return new SequencedTableUpdater.Change<>() {
      @Override
      public void accept(String key, NodeStatus value, long receivedAtMs) {
        put(key, value, receivedAtMs, true);
      }

      @Override
      public void restored(String key, NodeStatus value, long nowMs) {
        put(key, value, nowMs, false); // a replayed heartbeat's lateness says nothing about the node's clock
      }
    };
  }

  private void put(String nodeId, NodeStatus status, long receivedAtMs, boolean live) {
    if (status == null) {
      nodes.remove(nodeId);
      offsets.forget(nodeId);
      attach(nodeId, null);
      return;
    }
    long reported = status.getReportedAt().toEpochMilli();
    long ttl = Math.max(0, status.getExpiresAt().toEpochMilli() - reported);
    long latest = receivedAtMs + ttl + MAX_SKEW.toMillis();
    long behind = live ? offsets.behind(nodeId, receivedAtMs, receivedAtMs - reported, MAX_SKEW.toMillis()) : 0;
    NodeStatus bounded = status;
    if (status.getExpiresAt().toEpochMilli() > latest) {
      bounded = NodeStatus.newBuilder(status).setExpiresAt(java.time.Instant.ofEpochMilli(latest)).build();
      log.warn("node {} reports a clock {} s ahead of this router's: its heartbeat counts until {} only", nodeId,
          (reported - receivedAtMs) / 1000, bounded.getExpiresAt());
    } else if (behind > SLOW_CLOCK_MS) {
      bounded = NodeStatus.newBuilder(status).setExpiresAt(status.getExpiresAt().plusMillis(behind)).build();
      if (behind > MAX_SKEW.toMillis() && warnedSlow.add(nodeId)) {
        log.warn("node {} reports a clock {} s behind this router's (its heartbeats counted from when they arrive); "
            + "synchronise the machines' clocks (NTP)", nodeId, behind / 1000);
      }
      log.debug("node {} runs {} ms behind this router's clock: its heartbeat counts until {}", nodeId, behind,
          bounded.getExpiresAt());
    }
    nodes.put(nodeId, bounded);
    attach(nodeId, bounded);
    if (live) {
      feedMs = Math.max(feedMs, Math.min(reported + behind, receivedAtMs));
    }
  }

  /**
   * Whether a heartbeat reported after {@code expiresAt} (by any node, on this router's clock) has been read: only then
   * does the feed itself show that a node which stopped reporting by then is gone, rather than that this router has
   * not read its heartbeats yet.
   */
  boolean feedPassed(java.time.Instant expiresAt) {
    return feedMs >= expiresAt.toEpochMilli();
  }

  /** The node's rows in the joined table take its heartbeat (after the map holds it: see {@link #rejoin}). */
  private synchronized void attach(String nodeId, NodeStatus status) {
    for (int row : rowsOfNode.getOrDefault(nodeId, new int[0])) {
      joined.heartbeat(row, status);
    }
  }

  /** Every capability in a stable order (by key), re-sorted only after a change. */
  PackedRows capabilities() {
    if (changed) {
      changed = false;
      ordered = Candidate.packed(capabilities.entrySet().stream().sorted(Map.Entry.comparingByKey())
          .map(Map.Entry::getValue).toList());
    }
    return ordered;
  }

  /**
   * Every capability with its node's latest heartbeat (null when it has none), as routing reads the table: heartbeats
   * are attached as they arrive, not to every row on every intent (100,000 new rows per intent at 100k). Shared by
   * every stream thread: read it, never change it.
   */
  PackedRows live() {
    PackedRows rows = capabilities();
    if (joinedFrom != rows) {
      rejoin(rows);
    }
    return joined;
  }

  /**
   * A new table's rows joined with the heartbeats. Under the same lock as {@link #attach}, which runs after the map
   * took a heartbeat: a heartbeat is either in the map when this reads it or attached to the new rows after.
   */
  private synchronized void rejoin(PackedRows rows) {
    if (joinedFrom == rows) {
      return;
    }
    PackedRows out = rows.withStatuses(c -> c.withStatus(nodes.get(c.capability().getNodeId())));
    Map<String, List<Integer>> byNode = new java.util.HashMap<>();
    for (int i = 0; i < out.size(); i++) {
      byNode.computeIfAbsent(out.get(i).capability().getNodeId(), n -> new java.util.ArrayList<>()).add(i);
    }
    Map<String, int[]> index = new java.util.HashMap<>();
    byNode.forEach((node, list) -> index.put(node, list.stream().mapToInt(Integer::intValue).toArray()));
    rowsOfNode = index;
    joined = out;
    joinedFrom = rows;
  }

  NodeStatus node(String nodeId) {
    return nodeId == null ? null : nodes.get(nodeId);
  }

  Map<String, NodeStatus> nodes() {
    return nodes;
  }
}
