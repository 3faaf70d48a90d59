package dev.atmosphere.router.topology;

import dev.atmosphere.router.scoring.Candidate;
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
  private final Map<String, Candidate> capabilities = new ConcurrentHashMap<>();
  private final Map<String, NodeStatus> nodes = new ConcurrentHashMap<>();
  private volatile List<Candidate> ordered = List.of();
  private volatile boolean changed;

  GradientIndex(Function<CapabilityAnnouncement, List<float[]>> vectors) {
    this.vectors = vectors;
  }

  /** A verified capability changed (null: removed). */
  void capability(String key, CapabilityAnnouncement cap) {
    if (cap == null) {
      capabilities.remove(key);
    } else {
      capabilities.put(key, new Candidate(cap, null, vectors.apply(cap)));
    }
    changed = true;
  }

  /** A verified heartbeat changed (null: removed). */
  void node(String nodeId, NodeStatus status) {
    if (status == null) {
      nodes.remove(nodeId);
    } else {
      nodes.put(nodeId, status);
    }
  }

  /** Every capability in a stable order (by key), re-sorted only after a change. */
  List<Candidate> capabilities() {
    if (changed) {
      changed = false;
      ordered = capabilities.entrySet().stream().sorted(Map.Entry.comparingByKey()).map(Map.Entry::getValue).toList();
    }
    return ordered;
  }

  NodeStatus node(String nodeId) {
    return nodeId == null ? null : nodes.get(nodeId);
  }

  Map<String, NodeStatus> nodes() {
    return nodes;
  }
}
