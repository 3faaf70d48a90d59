package dev.atmosphere.router.topology;

import dev.atmosphere.router.failover.NodeBreaker;
import dev.atmosphere.router.failover.Outstanding;
import dev.atmosphere.router.failover.StartupGrace;
import dev.atmosphere.router.scoring.Candidate;
import dev.atmosphere.router.scoring.PackedRows;
import dev.atmosphere.schemas.NodeStatus;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the lifecycle processor routes against at one instant: the gradient table's rows (capabilities with their
 * node's heartbeat, seen through the start-up grace) and the nodes that must not get this intent, with why —
 * ejected by the breaker, already tried for it, or (for prefetches) busy.
 */
final class GradientView {

  private final GradientIndex index;
  private final NodeBreaker breaker;
  private final Outstanding outstanding;
  private final StartupGrace grace;
  private final java.time.Duration lapse;

  GradientView(GradientIndex index, NodeBreaker breaker, Outstanding outstanding, StartupGrace grace,
      java.time.Duration lapse) {
    this.index = index;
    this.lapse = lapse;
    this.breaker = breaker;
    this.outstanding = outstanding;
    this.grace = grace;
  }

  /** The table to route on: shared and read-only; once the start-up grace is over, the index's live table itself. */
  List<Candidate> table(Instant now) {
    return grace.active(now) ? withGrace(now) : index.live();
  }

  /** The rows with every heartbeat seen through the start-up grace: a new table, built for this instant. */
  private PackedRows withGrace(Instant now) {
    return index.capabilities().withStatuses(c -> c.withStatus(grace.view(index.node(c.capability().getNodeId()), now)));
  }

  /**
   * The table with every node whose heartbeats may only be late counted alive, for when no live node qualifies; null
   * when no node is late. A heartbeat is late when it expired less than the lapse allowance ago or, while this router
   * catches up ({@code catchingUp}: it started within the grace, or reads an intent that queued while it was down,
   * blind or busy), when no
   * heartbeat reported after its expiry has been read yet — the router is then behind on heartbeats too (after a schema
   * registry outage it may route a backlog of intents before it has verified any heartbeat sent during the outage).
   */
  List<Candidate> withLateNodes(Instant now, boolean catchingUp) {
    Map<String, NodeStatus> late = new HashMap<>();
    index.nodes().forEach((node, status) -> {
      NodeStatus seen = grace.view(status, now);
      if (seen != null && !seen.getExpiresAt().isAfter(now) && (seen.getExpiresAt().isAfter(now.minus(lapse))
          || catchingUp && !index.feedPassed(seen.getExpiresAt()))) {
        late.put(node, NodeStatus.newBuilder(seen).setExpiresAt(now.plusMillis(1)).build());
      }
    });
    if (late.isEmpty()) {
      return null;
    }
    return withGrace(now).withStatuses(c -> late.containsKey(c.capability().getNodeId())
        ? c.withStatus(late.get(c.capability().getNodeId())) : c);
  }

  /**
   * Whether this processor started (or was started again, after a task failed — e.g. on a registry outage) within the
   * start-up grace: its heartbeats may still lag, whatever the intents' own timestamps say.
   */
  boolean starting(Instant now) {
    return grace.active(now);
  }

  /** Ejected nodes and the nodes in {@code tried}, each with its reason. */
  Map<String, String> exclusions(Instant now, List<String> tried) {
    Map<String, String> out = new HashMap<>();
    index.nodes().keySet().forEach(node -> breaker.ejected(node, now).ifPresent(reason -> out.put(node, reason)));
    tried.forEach(node -> out.put(node, "already tried for this intent"));
    return out;
  }

  /**
   * Whether the in-flight work went to another site (its capability came over the site link): only then may an
   * unsigned FAILED attempt — the link's refusal, see {@link AttemptProof} — end the attempt.
   */
  boolean remote(dev.atmosphere.schemas.internal.IntentState state) {
    return index.capabilities().stream().anyMatch(c -> c.capability().getCapabilityId().equals(state.getCapabilityId())
        && c.capability().getNodeId().equals(state.getNodeId()) && c.capability().getCluster() != null);
  }

  /** Exclusions for low-priority work: also every node with anything outstanding, in flight or queued. */
  Map<String, String> idleOnly(Instant now) {
    Map<String, String> out = exclusions(now, List.of());
    index.nodes().forEach((node, status) -> {
      if (outstanding.of(node) > 0 || status.getInFlight() + status.getQueueDepth() > 0) {
        out.putIfAbsent(node, "busy: prefetches run only on idle nodes");
      }
    });
    return out;
  }

  /**
   * When an attempt's timeout starts counting: its dispatch, or this router instance's start if it was dispatched
   * before — answers that queued while the router was down are read before anything is timed out.
   */
  Instant attemptStart(Instant dispatchedAt) {
    return dispatchedAt.isAfter(grace.startedAt()) ? dispatchedAt : grace.startedAt();
  }

  /** Why an in-flight attempt must be given up — timed out, its node dead, the intent's deadline passed — or null. */
  String overdue(dev.atmosphere.schemas.internal.IntentState state, java.time.Duration timeout, Instant now) {
    if (timedOut(state, timeout, now)) {
      return "attempt on " + state.getNodeId() + " timed out after " + timeout.toMillis() + " ms";
    }
    if (dead(state.getNodeId(), now)) {
      return "node " + state.getNodeId() + " died with the work outstanding";
    }
    return Terminals.deadlinePassed(state, now) ? "deadline passed" : null;
  }

  boolean timedOut(dev.atmosphere.schemas.internal.IntentState state, java.time.Duration timeout, Instant now) {
    return java.time.Duration.between(attemptStart(state.getDispatchedAt()), now).compareTo(timeout) > 0;
  }

  /** How recently a silent node's heartbeat must have expired to be waited for: a broker's or registry's outage. */
  static final java.time.Duration RECENTLY_SILENT = java.time.Duration.ofMinutes(2);

  /**
   * Whether a node not in {@code tried} went quiet lately: its heartbeat expired within {@link #RECENTLY_SILENT} — it
   * may only be cut off for a while (a machine switched off yesterday is not waited for).
   */
  boolean othersSilent(List<String> tried, Instant now) {
    // the bare expiry, not dead(): a heartbeat that expired while this router was down is not live either
    return index.nodes().entrySet().stream().anyMatch(e -> !tried.contains(e.getKey()) && e.getValue() != null
        && !e.getValue().getExpiresAt().isAfter(now) && e.getValue().getExpiresAt().isAfter(now.minus(RECENTLY_SILENT)));
  }

  /** Whether the node is gone: no heartbeat, or one that expired (not merely while the router was down). */
  boolean dead(String nodeId, Instant now) {
    NodeStatus node = index.node(nodeId);
    return node == null || !node.getExpiresAt().isAfter(now) && !grace.expiredWhileDown(node, now);
  }
}
