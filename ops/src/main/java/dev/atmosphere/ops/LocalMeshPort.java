package dev.atmosphere.ops;

import dev.atmosphere.backends.CapabilitySource;
import dev.atmosphere.client.ReplyListener;
import dev.atmosphere.executor.WorkRunner;
import dev.atmosphere.gateway.MeshPort;
import dev.atmosphere.router.RoutePlanner;
import dev.atmosphere.router.Routed;
import dev.atmosphere.router.scoring.Candidate;
import dev.atmosphere.schemas.CapabilityAnnouncement;
import dev.atmosphere.schemas.Intent;
import dev.atmosphere.schemas.NodeMode;
import dev.atmosphere.schemas.NodeStatus;
import dev.atmosphere.schemas.ResultChunk;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A standalone node's mesh: no Kafka at all. Capabilities come straight from this machine's backends (exposure
 * policy applied), intents are decided by the same {@link RoutePlanner} as the router, and run by the same
 * {@link WorkRunner} as the executor, with replies delivered to the gateway in-process.
 */
public final class LocalMeshPort implements MeshPort {

  private static final Logger log = LoggerFactory.getLogger(LocalMeshPort.class);

  private final String nodeId;
  private final List<CapabilitySource> sources;
  private final RoutePlanner planner;
  private final WorkRunner runner;
  private final Clock clock;
  private final Duration refresh;
  private final ExecutorService pool;
  private final Map<String, ReplyListener> listeners = new ConcurrentHashMap<>();
  private volatile List<CapabilityAnnouncement> capabilities = List.of();
  private volatile Instant refreshedAt = Instant.MIN;

  public LocalMeshPort(String nodeId, List<CapabilitySource> sources, RoutePlanner planner, WorkRunner runner,
      int maxConcurrent, Clock clock, Duration refresh) {
    this.nodeId = nodeId;
    this.sources = sources;
    this.planner = planner;
    this.runner = runner;
    this.clock = clock;
    this.refresh = refresh;
    this.pool = Executors.newFixedThreadPool(maxConcurrent, r -> new Thread(r, "standalone-" + nodeId));
  }

  @Override
  public LocalMeshPort start() {
    capabilities();
    return this;
  }

  @Override
  public synchronized List<CapabilityAnnouncement> capabilities() {
    Instant now = clock.instant();
    if (now.isAfter(refreshedAt.plus(refresh))) {
      List<CapabilityAnnouncement> found = new ArrayList<>();
      for (CapabilitySource source : sources) {
        try {
          found.addAll(source.discover());
        } catch (RuntimeException e) {
          log.warn("{} could not be read: {}", source.name(), e.getMessage());
        }
      }
      capabilities = List.copyOf(found);
      refreshedAt = now;
    }
    return capabilities;
  }

  @Override
  public void submit(Intent intent, ReplyListener listener) {
    listeners.put(intent.getIntentId(), listener);
    pool.submit(() -> run(intent));
  }

  private void run(Intent intent) {
    Instant now = clock.instant();
    NodeStatus self = NodeStatus.newBuilder().setNodeId(nodeId).setMode(NodeMode.STANDALONE).setLoad(0)
        .setQueueDepth(0).setInFlight(runner.inFlight()).setMaxConcurrent(1).setWorkTopic("none").setReportedAt(now)
        .setExpiresAt(now.plusSeconds(60)).setSequence(0).build();
    List<Candidate> table = capabilities().stream().map(c -> planner.candidate(c, self)).toList();
    Routed routed = planner.plan(intent, table, now);
    deliver(intent.getIntentId(), l -> l.onRoute(routed.decision()));
    if (routed.work() == null) {
      if (routed.result() != null) {
        deliver(intent.getIntentId(), l -> l.onResult(routed.result()));
      }
      return;
    }
    AtomicInteger sequence = new AtomicInteger();
    var result = runner.run(routed.work(), delta -> deliver(intent.getIntentId(), l -> l.onChunk(
        ResultChunk.newBuilder().setIntentId(intent.getIntentId()).setWorkId(routed.work().getWorkId())
            .setSequence(sequence.getAndIncrement()).setDelta(delta).setNodeId(nodeId)
            .setCapabilityId(routed.work().getCapabilityId()).setEmittedAt(clock.instant()).build())));
    deliver(intent.getIntentId(), l -> l.onResult(result));
  }

  private void deliver(String intentId, java.util.function.Consumer<ReplyListener> event) {
    ReplyListener listener = listeners.get(intentId);
    if (listener != null) {
      event.accept(listener);
    }
  }

  @Override
  public void forget(String intentId) {
    listeners.remove(intentId);
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }
}
