package dev.atmosphere.ingest;

import dev.atmosphere.backends.CapabilitySource;
import dev.atmosphere.common.identity.NodeIdentity;
import dev.atmosphere.schemas.CapabilityAnnouncement;
import dev.atmosphere.schemas.topics.Topics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps {@code atmosphere.capabilities} equal to what this node can do: each round asks every source,
 * announces what is new or changed at once, re-announces everything every refresh interval, and tombstones what
 * disappeared. A source that fails keeps its last known capabilities until it has failed several rounds in a row,
 * so a slow health check does not make the node vanish from the mesh.
 */
public final class CapabilityAnnouncer {

  private static final Logger log = LoggerFactory.getLogger(CapabilityAnnouncer.class);

  /** What one round did. */
  public record Round(int announced, int tombstoned, int total) {}

  private final String nodeId;
  private final Topics topics;
  private final List<CapabilitySource> sources;
  private final Producer<String, CapabilityAnnouncement> producer;
  private final NodeIdentity identity;
  private final Clock clock;
  private final Duration refresh;
  private final int failuresBeforeForget;
  private final Map<String, List<CapabilityAnnouncement>> lastBySource = new HashMap<>();
  private final Map<String, Integer> failures = new HashMap<>();
  private final Map<String, CapabilityAnnouncement> announced = new LinkedHashMap<>();
  private Instant lastFullAnnounce = Instant.MIN;
  private long sequence;

  public CapabilityAnnouncer(String nodeId, Topics topics, List<CapabilitySource> sources,
      Producer<String, CapabilityAnnouncement> producer, NodeIdentity identity, Clock clock, Duration refresh,
      int failuresBeforeForget) {
    this.nodeId = nodeId;
    this.topics = topics;
    this.sources = List.copyOf(sources);
    this.producer = producer;
    this.identity = identity;
    this.clock = clock;
    this.refresh = refresh;
    this.failuresBeforeForget = failuresBeforeForget;
  }

  public synchronized Round poll() {
    Map<String, CapabilityAnnouncement> current = new LinkedHashMap<>();
    for (CapabilitySource source : sources) {
      for (CapabilityAnnouncement cap : discover(source)) {
        current.put(Topics.capabilityKey(nodeId, cap.getCapabilityId()), cap);
      }
    }
    Instant now = clock.instant();
    boolean full = !now.isBefore(lastFullAnnounce.plus(refresh));
    int sent = 0;
    for (var entry : current.entrySet()) {
      CapabilityAnnouncement previous = announced.get(entry.getKey());
      if (full || previous == null || !unstamped(previous).equals(unstamped(entry.getValue()))) {
        CapabilityAnnouncement stamped = signed(CapabilityAnnouncement.newBuilder(entry.getValue())
            .setAnnouncedAt(now).setSequence(nextSequence(now)).build());
        producer.send(new ProducerRecord<>(topics.capabilities(), entry.getKey(), stamped));
        announced.put(entry.getKey(), stamped);
        sent++;
      }
    }
    int removed = 0;
    for (String key : List.copyOf(announced.keySet())) {
      if (!current.containsKey(key)) {
        withdraw(key, now);
        announced.remove(key);
        removed++;
        log.info("capability {} disappeared: tombstoned", key);
      }
    }
    producer.flush();
    if (full) {
      lastFullAnnounce = now;
    }
    if (sent > 0 || removed > 0) {
      log.info("node {}: announced {}, tombstoned {}, offering {}", nodeId, sent, removed, announced.size());
    }
    return new Round(sent, removed, announced.size());
  }

  /** Tombstones everything this node announced (clean leave). */
  public synchronized void withdrawAll() {
    Instant now = clock.instant();
    for (String key : announced.keySet()) {
      withdraw(key, now);
    }
    announced.clear();
    producer.flush();
  }

  public synchronized List<CapabilityAnnouncement> current() {
    return List.copyOf(announced.values());
  }

  private List<CapabilityAnnouncement> discover(CapabilitySource source) {
    try {
      List<CapabilityAnnouncement> found = source.discover();
      lastBySource.put(source.name(), found);
      failures.remove(source.name());
      return found;
    } catch (RuntimeException e) {
      int n = failures.merge(source.name(), 1, Integer::sum);
      if (n >= failuresBeforeForget) {
        log.warn("{} failed {} rounds in a row ({}): withdrawing its capabilities", source.name(), n, e.getMessage());
        lastBySource.remove(source.name());
        return List.of();
      }
      log.warn("{} could not be read ({}); keeping its last known capabilities", source.name(), e.getMessage());
      return lastBySource.getOrDefault(source.name(), List.of());
    }
  }

  /**
   * A signed withdrawal (which the router can authenticate) followed by a tombstone (which lets compaction
   * forget the capability); a bare tombstone alone is ignored by the router.
   */
  private void withdraw(String key, Instant now) {
    CapabilityAnnouncement last = announced.get(key);
    producer.send(new ProducerRecord<>(topics.capabilities(), key, signed(CapabilityAnnouncement.newBuilder(last)
        .setWithdrawn(true).setAnnouncedAt(now).setSequence(nextSequence(now)).build())));
    producer.send(new ProducerRecord<>(topics.capabilities(), key, null));
  }

  private CapabilityAnnouncement signed(CapabilityAnnouncement record) {
    return identity.sign(record, r -> CapabilityAnnouncement.newBuilder(r).setPublicKey(identity.publicKeyBuffer())
        .setJoinProof(identity.joinProof()).setSignature(null).build());
  }

  private long nextSequence(Instant now) {
    sequence = Math.max(sequence + 1, now.toEpochMilli());
    return sequence;
  }

  private static CapabilityAnnouncement unstamped(CapabilityAnnouncement a) {
    return CapabilityAnnouncement.newBuilder(a).setAnnouncedAt(Instant.EPOCH).setSequence(0).setSignature(null)
        .setPublicKey(null).setJoinProof(null).build();
  }
}
