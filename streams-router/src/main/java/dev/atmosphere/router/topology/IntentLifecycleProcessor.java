package dev.atmosphere.router.topology;

import dev.atmosphere.router.Routed;
import dev.atmosphere.router.RoutePlanner;
import dev.atmosphere.router.affinity.AffinityPolicy;
import dev.atmosphere.router.cache.SemanticCache;
import dev.atmosphere.router.failover.FailoverPolicy;
import dev.atmosphere.router.failover.NodeBreaker;
import dev.atmosphere.router.failover.Outstanding;
import dev.atmosphere.router.failover.StartupGrace;
import dev.atmosphere.schemas.CapabilityAnnouncement;
import dev.atmosphere.schemas.Intent;
import dev.atmosphere.schemas.WorkResult;
import dev.atmosphere.schemas.WorkStatus;
import dev.atmosphere.schemas.internal.IntentState;
import dev.atmosphere.schemas.trace.TraceHeaders;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns every intent from arrival to its one terminal result. Routes the first attempt; on a failed attempt, an
 * attempt past its timeout, or a node that died with the attempt outstanding, re-routes to the next candidate —
 * never a node that already failed this intent, never an ejected node — within the retry budget and the intent's
 * deadline. Only this processor writes {@code atmosphere.results}; results of superseded attempts are ignored, and
 * the in-flight state lives in a changelogged store, so neither a killed executor nor a router restart can produce
 * a second result or lose one. What to do after an attempt is the {@link FailoverLedger}'s pure decision; its other
 * collaborators hold the rest: {@link GradientView} (what to route against and
 * whom to avoid), {@link CacheStep} (the semantic cache), {@link AnsweredIntents} (ids answered before),
 * {@link AffinityStep} (where a conversation's previous turn ran), {@link Prefetch} (predicted follow-ups).
 */
final class IntentLifecycleProcessor implements Processor<String, LifecycleEvent, String, Routed> {

  private static final Logger log = LoggerFactory.getLogger(IntentLifecycleProcessor.class);

  private final RoutePlanner planner;
  private final FailoverPolicy policy;
  private final Outstanding outstanding;
  private final NodeBreaker breaker;
  private final SemanticCache cache;
  private final AffinityPolicy affinityPolicy;
  private final GradientIndex index;
  private final AutoMigration migration;
  private ProcessorContext<String, Routed> context;
  private InFlightStates inFlight;
  private CacheStep caching;
  private AnsweredIntents answered;
  private GradientView view;
  private AffinityStep affinity;
  private ReturningNode returning;
  private final FailoverLedger ledger;
  private final RouterMeters meters;

  IntentLifecycleProcessor(RoutePlanner planner, FailoverPolicy policy, Outstanding outstanding, NodeBreaker breaker,
      SemanticCache cache, AffinityPolicy affinityPolicy, GradientIndex index, AutoMigration migration,
      RouterMeters meters) {
    this.meters = meters;
    this.planner = planner;
    this.ledger = new FailoverLedger(policy);
    this.migration = migration;
    this.index = index;
    this.affinityPolicy = affinityPolicy;
    this.cache = cache;
    this.policy = policy;
    this.outstanding = outstanding;
    this.breaker = breaker;
  }

  @Override
  public void init(ProcessorContext<String, Routed> context) {
    this.context = context;
    KeyValueStore<String, CapabilityAnnouncement> capabilities = context.getStateStore(RouterTopology.CAPABILITY_STORE);
    this.inFlight = new InFlightStates(context.getStateStore(RouterTopology.LIFECYCLE_STORE));
    migration.bind(context.getStateStore(RouterTopology.MIGRATION_STORE));
    this.caching = new CacheStep(cache, capabilities, new CacheMetrics(context.metrics(), "semantic-cache-" + context.taskId(), meters), this::emit);
    this.affinity = new AffinityStep(affinityPolicy, context.getStateStore(RouterTopology.AFFINITY_STORE), this::emit,
        context.taskId().partition() == 0);
    this.answered = new AnsweredIntents(context.getStateStore(RouterTopology.ANSWERED_STORE), policy.dedupRetention());
    this.view = new GradientView(index, breaker, outstanding, new StartupGrace(Instant.ofEpochMilli(context.currentSystemTimeMs()), policy.startupGrace()),
        policy.heartbeatLapse());
    this.returning = new ReturningNode(planner, view, outstanding, inFlight, policy.attemptTimeout());
    context.schedule(policy.checkInterval(), PunctuationType.WALL_CLOCK_TIME, ms -> checkInFlight(Instant.ofEpochMilli(ms)));
    context.schedule(cache.policy().sweepInterval(), PunctuationType.WALL_CLOCK_TIME, ms -> {
      caching.sweep(Instant.ofEpochMilli(ms));
      answered.sweep(Instant.ofEpochMilli(ms));
      affinity.sweep(Instant.ofEpochMilli(ms));
    });
  }

  @Override
  public void process(Record<String, LifecycleEvent> record) {
    Instant now = Instant.ofEpochMilli(context.currentSystemTimeMs());
    LifecycleEvent event = record.value();
    if (event != null && event.intent() != null) {
      onIntent(event.intent(), now);
    } else if (event != null) {
      onAttempt(event.attempt(), now);
    }
  }

  private void onIntent(Intent intent, Instant now) {
    if (intent.getIntentId() != null && inFlight.get(intent.getIntentId()) != null) {
      log.debug("intent {} is already in flight; duplicate ignored", intent.getIntentId());
      return;
    }
    WorkResult earlier = intent.getDryRun() ? null : answered.get(intent.getIntentId());
    if (earlier != null) {
      log.debug("intent {} was answered before; its terminal result is returned again, not re-run", intent.getIntentId());
      emit(new Routed(null, null, earlier));
      return;
    }
    if (intent.getPrefetch()) {
      meters.prefetch(Prefetch.run(intent, now, caching, planner, view, outstanding, r -> {
        emit(r);
        dispatched(intent, r, now);
      }));
      return;
    }
    if (caching.answer(intent, now)) {
      return;
    }
    long started = System.nanoTime();
    Routed routed = plan(intent, now, 1, List.of(), affinity.previous(intent, now));
    meters.decided(System.nanoTime() - started);
    var parked = routed.work() == null ? migration.park(intent, routed, view.table(now), now) : java.util.Optional
        .<AutoMigration.Parked>empty();
    if (parked.isPresent()) { // the model comes to the data: the intent waits for it
      parked.get().emits().forEach(this::emit);
      if (parked.get().state() != null) {
        inFlight.put(intent.getIntentId(), parked.get().state());
      }
      return;
    }
    emit(routed);
    dispatched(intent, routed, now);
  }

  private void dispatched(Intent intent, Routed routed, Instant now) {
    if (routed.work() != null) {
      outstanding.sent(routed.work().getNodeId());
      breaker.dispatched(routed.work().getNodeId(), now);
      inFlight.put(intent.getIntentId(), IntentState.newBuilder().setIntent(intent).setAttempt(1)
          .setWorkId(routed.work().getWorkId()).setNodeId(routed.work().getNodeId())
          .setCapabilityId(routed.work().getCapabilityId()).setDispatchedAt(now)
          .setTriedNodes(List.of(routed.work().getNodeId())).build());
    }
  }

  private void onAttempt(WorkResult result, Instant now) {
    IntentState state = inFlight.get(result.getIntentId());
    FailoverLedger.Step step = ledger.attempt(state, result, () -> view.remote(state), now, next(state, now),
        () -> migration.failure(state));
    if (!(step instanceof FailoverLedger.Ignore)) { // the node answered the attempt in flight
      outstanding.finished(state.getNodeId());
      if (result.getStatus() == WorkStatus.SUCCEEDED) {
        breaker.success(state.getNodeId());
      } else if (result.getStatus() == WorkStatus.FAILED) {
        breaker.failure(state.getNodeId(), now);
      }
    }
    apply(step, now);
  }

  /** Attempts past their timeout, on nodes that died (unless {@link ReturningNode} waits), or past the deadline. */
  private void checkInFlight(Instant now) {
    InFlightCheck.run(inFlight, view, returning, policy.attemptTimeout(), now,
        (state, reason) -> apply(ledger.retry(state, null, reason, now, next(state, now), () -> migration.failure(state),
            () -> view.othersSilent(state.getTriedNodes(), now)), now),
        (state, reason) -> {
          outstanding.finished(state.getNodeId());
          if (!view.dead(state.getNodeId(), now)) { // a dead node needs no ejecting; a stale view must not eject it
            breaker.failure(state.getNodeId(), now);
          }
          apply(ledger.retry(state, null, reason, now, next(state, now), () -> migration.failure(state),
              () -> view.othersSilent(state.getTriedNodes(), now)), now);
        });
  }

  /** Routes the given attempt of the intent in {@code state}, avoiding the nodes it tried and ejected ones. */
  private java.util.function.IntFunction<Routed> next(IntentState state, Instant now) {
    return attempt -> plan(state.getIntent(), now, attempt, state.getTriedNodes(), java.util.Optional.empty());
  }

  /** Routes to live nodes; when none qualifies, to a node whose heartbeat is only late ({@link LateNodes}). */
  private Routed plan(Intent intent, Instant now, int attempt, List<String> tried,
      java.util.Optional<dev.atmosphere.schemas.ConversationTurn> previous) {
    java.util.Map<String, String> excluded = view.exclusions(now, tried);
    Routed routed = planner.plan(intent, view.table(now), now, attempt, excluded, outstanding::of, previous,
        affinityPolicy.tolerance());
    boolean catchingUp = attempt == 1
        && (view.starting(now) || intent.getCreatedAt().isBefore(now.minus(LateNodes.CATCHING_UP)));
    return LateNodes.orLate(routed, () -> view.withLateNodes(now, catchingUp), table -> planner.plan(intent, table, now, attempt,
        excluded, outstanding::of, previous, affinityPolicy.tolerance()));
  }

  /** Carries out what the {@link FailoverLedger} decided. */
  private void apply(FailoverLedger.Step step, Instant now) {
    if (step instanceof FailoverLedger.Ignore) {
      log.debug("an attempt of superseded, finished, unknown or other nodes' work was ignored");
      meters.ignoredAttempt();
    } else if (step instanceof FailoverLedger.Keep keep) {
      inFlight.put(keep.next().getIntent().getIntentId(), keep.next());
    } else if (step instanceof FailoverLedger.Finish end) {
      if (end.noRoute() != null) {
        emit(end.noRoute());
      }
      finish(end.state(), end.terminal());
    } else if (step instanceof FailoverLedger.Dispatch next) {
      IntentState state = next.next();
      log.info("intent {} fails over from {} to {} (attempt {}): {}", state.getIntent().getIntentId(), next.from(),
          state.getNodeId(), state.getAttempt(), next.reason());
      emit(next.routed());
      outstanding.sent(state.getNodeId());
      breaker.dispatched(state.getNodeId(), now);
      inFlight.put(state.getIntent().getIntentId(), state);
    }
  }

  private void finish(IntentState state, WorkResult result) {
    WorkResult terminal = Terminals.rewritten(result).setAttempts(state.getAttempt()).setTriedNodes(state.getTriedNodes())
        .setPlanId(state.getIntent().getPlanId()).build();
    emit(new Routed(null, null, terminal));
    inFlight.delete(state.getIntent().getIntentId());
    caching.store(state.getIntent(), terminal, Instant.ofEpochMilli(context.currentSystemTimeMs()));
    affinity.remember(state.getIntent(), terminal, Instant.ofEpochMilli(context.currentSystemTimeMs()));
    PinnedExamples.of(state.getIntent(), terminal, Instant.ofEpochMilli(context.currentSystemTimeMs())).ifPresent(this::emit);
  }

  private void emit(Routed routed) {
    Record<String, Routed> out = new Record<>(routed.key(), routed, context.currentSystemTimeMs());
    if (routed.cacheKey() == null && routed.affinityKey() == null && routed.migration() == null) { // by intent id
      out = out.withHeaders(TraceHeaders.intent(new RecordHeaders(),
          routed.example() == null ? routed.key() : routed.example().getIntentId())); // an example's key is its slot
    }
    if (routed.result() != null) {
      answered.put(routed.result());
    }
    meters.emitted(routed);
    context.forward(out);
  }
}
