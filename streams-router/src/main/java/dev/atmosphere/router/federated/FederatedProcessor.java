package dev.atmosphere.router.federated;

import dev.atmosphere.schemas.BudgetLedger;
import dev.atmosphere.schemas.CapabilityAnnouncement;
import dev.atmosphere.schemas.FederatedAggregation;
import dev.atmosphere.schemas.FederatedPart;
import dev.atmosphere.schemas.FederatedQuery;
import dev.atmosphere.schemas.FederatedResult;
import dev.atmosphere.schemas.FederatedSpec;
import dev.atmosphere.schemas.FederatedStatus;
import dev.atmosphere.schemas.FederatedTask;
import dev.atmosphere.schemas.internal.FederatedState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Runs federated queries: the only place privacy budget is spent. A query is checked first — its spec, its nodes,
 * and every asked node's ε budget — and refused with the remaining budget before any node runs anything. Otherwise
 * each node's budget is debited (in the changelogged ledger, so restarts do not forget and no client can reset it),
 * then each node gets its task. Nodes answer with noised parts only; when all have answered, or at the deadline,
 * the aggregate is emitted. The federated topics have one partition, so one task owns the whole ledger.
 */
public final class FederatedProcessor implements Processor<String, FederatedEvent, String, FederatedEvent> {

  private final String stateStore;
  private final String budgetStore;
  private final Budget budget;
  private final double maxEpsilon;
  private final Duration checkInterval;
  private final Function<ProcessorContext<?, ?>, Participants> participants;
  private ProcessorContext<String, FederatedEvent> context;
  private KeyValueStore<String, FederatedState> pending;
  private KeyValueStore<String, BudgetLedger> ledgers;
  private Participants nodes;

  public FederatedProcessor(String stateStore, String budgetStore, Budget budget, double maxEpsilon,
      Duration checkInterval, Function<ProcessorContext<?, ?>, Participants> participants) {
    this.stateStore = stateStore;
    this.budgetStore = budgetStore;
    this.budget = budget;
    this.maxEpsilon = maxEpsilon;
    this.checkInterval = checkInterval;
    this.participants = participants;
  }

  @Override
  public void init(ProcessorContext<String, FederatedEvent> context) {
    this.context = context;
    this.pending = context.getStateStore(stateStore);
    this.ledgers = context.getStateStore(budgetStore);
    this.nodes = participants.apply(context);
    context.schedule(checkInterval, PunctuationType.WALL_CLOCK_TIME, ms -> closeOverdue(Instant.ofEpochMilli(ms)));
  }

  @Override
  public void process(Record<String, FederatedEvent> record) {
    Instant now = Instant.ofEpochMilli(context.currentSystemTimeMs());
    if (record.value().query() != null) {
      start(record.value().query(), now);
    } else if (record.value().part() != null) {
      received(record.value().part(), now);
    }
  }

  private void start(FederatedQuery q, Instant now) {
    if (pending.get(q.getQueryId()) != null || charged(q.getQueryId())) {
      return; // a re-posted query is neither charged nor run twice
    }
    String problem = SpecCheck.problem(q.getSpec(), maxEpsilon);
    Map<String, CapabilityAnnouncement> chosen = nodes.choose(q.getNodes(), q.getQuestion(), now);
    List<String> unable = q.getNodes().stream().filter(n -> !chosen.containsKey(n)).toList();
    if (problem == null && chosen.isEmpty()) {
      problem = "no live node with a RAG or LLM capability to ask";
    } else if (problem == null && !unable.isEmpty()) {
      problem = "nodes not live or without a RAG or LLM capability: " + unable;
    }
    Map<String, Double> left = new LinkedHashMap<>();
    List<String> short_ = new ArrayList<>();
    for (String node : chosen.keySet()) {
      BudgetLedger ledger = ledgers.get(node);
      left.put(node, budget.left(ledger, now));
      if (!budget.affords(ledger, q.getSpec().getEpsilon(), now)) {
        short_.add(node);
      }
    }
    if (problem == null && !short_.isEmpty()) {
      problem = "privacy budget exhausted on " + short_ + ": this query needs epsilon " + q.getSpec().getEpsilon()
          + ", left " + left + " of " + budget.budget() + " per " + budget.window().toHours() + " h";
    }
    if (problem != null) {
      emit(result(q, FederatedStatus.REFUSED, null, List.of(), List.of(), 0, left, problem, now));
      return;
    }
    for (String node : chosen.keySet()) {
      ledgers.put(node, budget.debit(node, ledgers.get(node), q.getQueryId(), q.getSpec().getEpsilon(), now));
    }
    pending.put(q.getQueryId(), new FederatedState(q, List.copyOf(chosen.keySet()), List.of()));
    chosen.forEach((node, c) -> context.forward(new Record<>(q.getQueryId(), FederatedEvent.of(FederatedTask
        .newBuilder().setQueryId(q.getQueryId()).setNodeId(node).setQuestion(q.getQuestion()).setSpec(q.getSpec())
        .setCapabilityId(c.getCapabilityId()).setCapabilityType(c.getType())
        .setProvider(c.getMetadata().getProvider()).setTarget(c.getMetadata().getTarget())
        .setModelName(c.getMetadata().getModelName()).setDeadlineAt(q.getDeadlineAt()).build()),
        now.toEpochMilli())));
  }

  private boolean charged(String queryId) {
    try (KeyValueIterator<String, BudgetLedger> it = ledgers.all()) {
      while (it.hasNext()) {
        if (Budget.charged(it.next().value, queryId)) {
          return true;
        }
      }
    }
    return false;
  }

  private void received(FederatedPart part, Instant now) {
    FederatedState s = pending.get(part.getQueryId());
    if (s == null || !s.getAsked().contains(part.getNodeId())
        || s.getParts().stream().anyMatch(p -> p.getNodeId().equals(part.getNodeId()))) {
      return; // unknown, not asked, or a repeated release: only the first counts
    }
    List<FederatedPart> parts = new ArrayList<>(s.getParts());
    parts.add(part);
    if (parts.size() == s.getAsked().size()) {
      finish(new FederatedState(s.getQuery(), s.getAsked(), parts), now);
    } else {
      pending.put(part.getQueryId(), new FederatedState(s.getQuery(), s.getAsked(), parts));
    }
  }

  private void closeOverdue(Instant now) {
    List<FederatedState> overdue = new ArrayList<>();
    try (KeyValueIterator<String, FederatedState> it = pending.all()) {
      it.forEachRemaining(kv -> {
        if (!kv.value.getQuery().getDeadlineAt().isAfter(now)) {
          overdue.add(kv.value);
        }
      });
    }
    overdue.forEach(s -> finish(s, now));
  }

  private void finish(FederatedState s, Instant now) {
    FederatedQuery q = s.getQuery();
    List<String> answered = s.getParts().stream().filter(FederatedPart::getOk).map(FederatedPart::getNodeId).toList();
    List<String> missing = s.getAsked().stream().filter(n -> !answered.contains(n)).toList();
    FederatedStatus status = answered.isEmpty() ? FederatedStatus.FAILED
        : missing.isEmpty() ? FederatedStatus.SUCCEEDED : FederatedStatus.PARTIAL;
    Map<String, Double> left = new LinkedHashMap<>();
    s.getAsked().forEach(n -> left.put(n, budget.left(ledgers.get(n), now)));
    String error = missing.isEmpty() ? null : "no release from " + missing + ": " + s.getParts().stream()
        .filter(p -> !p.getOk()).map(p -> p.getNodeId() + " " + p.getError()).toList();
    emit(result(q, status, Aggregate.of(q.getSpec(), s.getParts()), answered, missing, q.getSpec().getEpsilon(), left,
        error, now));
    pending.delete(q.getQueryId());
  }

  private static FederatedResult result(FederatedQuery q, FederatedStatus status, Aggregate.Combined combined,
      List<String> answered, List<String> missing, double spent, Map<String, Double> left, String error, Instant now) {
    return FederatedResult.newBuilder().setQueryId(q.getQueryId()).setStatus(status)
        .setAggregation(q.getSpec().getAggregation())
        .setValues(combined == null ? List.of() : combined.values())
        .setHalfWidth95(combined == null ? List.of() : combined.halfWidth95())
        .setWinner(combined == null ? null : combined.winner()).setAnswered(answered).setMissing(missing)
        .setEpsilonSpent(spent).setBudgetLeft(left).setError(error).setFinishedAt(now).build();
  }

  private void emit(FederatedResult r) {
    context.forward(new Record<>(r.getQueryId(), FederatedEvent.of(r), r.getFinishedAt().toEpochMilli()));
  }

  /** The asked nodes' capabilities, read from the router's global gradient-table stores. */
  public static Participants participants(ProcessorContext<?, ?> ctx, String capabilityStore, String nodeStore,
      dev.atmosphere.common.embed.Embedder embedder) {
    return new Participants(ctx.getStateStore(capabilityStore), ctx.getStateStore(nodeStore), embedder);
  }

  /** The spec's own problems, or null. */
  static final class SpecCheck {
    private SpecCheck() {}

    static String problem(FederatedSpec spec, double maxEpsilon) {
      double e = spec.getEpsilon();
      if (!(e > 0) || e > maxEpsilon) {
        return "epsilon must be above 0 and at most " + maxEpsilon + " per query, not " + e;
      }
      FederatedAggregation a = spec.getAggregation();
      if ((a == FederatedAggregation.SUM || a == FederatedAggregation.MEAN) && spec.getLower() > spec.getUpper()) {
        return "lower bound " + spec.getLower() + " is above upper bound " + spec.getUpper();
      }
      if ((a == FederatedAggregation.HISTOGRAM || a == FederatedAggregation.VOTE)
          && (spec.getCategories().size() < 2 || spec.getCategories().size() > 100)) {
        return "a " + a + " needs 2 to 100 declared categories";
      }
      return null;
    }
  }
}
