package dev.atmosphere.router.federated;

import dev.atmosphere.common.embed.Embedder;
import dev.atmosphere.common.embed.Vectors;
import dev.atmosphere.schemas.CapabilityAnnouncement;
import dev.atmosphere.schemas.CapabilityType;
import dev.atmosphere.schemas.NodeStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Which capability of each asked node answers a federated question: a live node's own RAG project if it has one
 * (its private records are the point), else its LLM, the one closest to the question by meaning among several.
 */
public final class Participants {

  private final KeyValueStore<String, CapabilityAnnouncement> capabilities;
  private final KeyValueStore<String, NodeStatus> nodes;
  private final Embedder embedder;

  Participants(KeyValueStore<String, CapabilityAnnouncement> capabilities, KeyValueStore<String, NodeStatus> nodes,
      Embedder embedder) {
    this.capabilities = capabilities;
    this.nodes = nodes;
    this.embedder = embedder;
  }

  /** Node id → its chosen capability, for every asked node that can answer; asked nodes that cannot are absent. */
  Map<String, CapabilityAnnouncement> choose(List<String> asked, String question, Instant now) {
    Map<String, List<CapabilityAnnouncement>> byNode = new LinkedHashMap<>();
    try (KeyValueIterator<String, CapabilityAnnouncement> it = capabilities.all()) {
      it.forEachRemaining(kv -> {
        CapabilityAnnouncement c = kv.value;
        if (c != null && !c.getWithdrawn() && (c.getType() == CapabilityType.RAG || c.getType() == CapabilityType.LLM)
            && (asked.isEmpty() || asked.contains(c.getNodeId())) && alive(c.getNodeId(), now)) {
          byNode.computeIfAbsent(c.getNodeId(), n -> new ArrayList<>()).add(c);
        }
      });
    }
    float[] q = embedder.embed(question);
    Map<String, CapabilityAnnouncement> out = new LinkedHashMap<>();
    for (String node : new TreeSet<>(byNode.keySet())) {
      out.put(node, byNode.get(node).stream().max(Comparator
          .comparing((CapabilityAnnouncement c) -> c.getType() == CapabilityType.RAG)
          .thenComparingDouble(c -> similarity(q, c))
          .thenComparing(CapabilityAnnouncement::getCapabilityId, Comparator.reverseOrder())).orElseThrow());
    }
    return out;
  }

  private boolean alive(String nodeId, Instant now) {
    NodeStatus s = nodes.get(nodeId);
    return s != null && s.getExpiresAt().isAfter(now);
  }

  private static double similarity(float[] q, CapabilityAnnouncement c) {
    if (c.getEmbedding() == null || c.getEmbedding().size() != q.length) {
      return -1;
    }
    float[] v = new float[q.length];
    for (int i = 0; i < v.length; i++) {
      v[i] = c.getEmbedding().get(i);
    }
    return Vectors.dot(q, v);
  }
}
