package dev.atmosphere.router.topology;

import dev.atmosphere.schemas.CapabilityAnnouncement;
import dev.atmosphere.schemas.NodeStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Nodes the mesh has not heard from for {@code router.forget.after} (7 days): their announcements and last heartbeat
 * are tombstoned on the verified topics, so they leave every router's gradient table. Compacted topics never forget
 * on their own: a machine that left (or a container started with a fresh identity each time) stayed in every
 * router's memory and was scored, and refused, on every intent — for ever. A node that comes back re-announces
 * within {@code announce.interval} with a newer sequence and is admitted again.
 */
final class SilentNodes {

  private SilentNodes() {}

  /** Keys of heartbeats reported before {@code cutoff}. */
  static List<String> heartbeats(ReadOnlyKeyValueStore<String, NodeStatus> nodes, Instant cutoff) {
    List<String> out = new ArrayList<>();
    try (KeyValueIterator<String, NodeStatus> it = nodes.all()) {
      it.forEachRemaining(kv -> {
        if (kv.value != null && kv.value.getReportedAt().isBefore(cutoff)) {
          out.add(kv.key);
        }
      });
    }
    return out;
  }

  /**
   * Keys of announcements whose node was last heard before {@code cutoff}: by its heartbeat, or — when none is left
   * (forgotten already, or never sent) — by the announcement itself, which a live node renews every 30 s.
   */
  static List<String> capabilities(ReadOnlyKeyValueStore<String, CapabilityAnnouncement> capabilities,
      ReadOnlyKeyValueStore<String, NodeStatus> nodes, Instant cutoff) {
    List<String> out = new ArrayList<>();
    try (KeyValueIterator<String, CapabilityAnnouncement> it = capabilities.all()) {
      it.forEachRemaining(kv -> {
        if (kv.value == null) {
          return;
        }
        NodeStatus status = nodes.get(kv.value.getNodeId());
        Instant heard = status != null ? status.getReportedAt() : kv.value.getAnnouncedAt();
        if (heard.isBefore(cutoff)) {
          out.add(kv.key);
        }
      });
    }
    return out;
  }
}
