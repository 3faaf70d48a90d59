package dev.atmosphere.router.plan;

import dev.atmosphere.schemas.Intent;
import dev.atmosphere.schemas.Plan;
import dev.atmosphere.schemas.PlanResult;
import dev.atmosphere.schemas.PlanStatus;
import dev.atmosphere.schemas.PlanUnit;
import dev.atmosphere.schemas.UnitOutcome;
import dev.atmosphere.schemas.UnitStatus;
import dev.atmosphere.schemas.WorkResult;
import dev.atmosphere.schemas.WorkStatus;
import dev.atmosphere.schemas.internal.PlanState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import dev.atmosphere.schemas.trace.TraceHeaders;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs work plans: the fan-out and fan-in of the mesh. A new plan is validated, then every unit whose dependencies
 * are done is posted as an ordinary intent (under an id nobody can guess: {@link UnitIds}), so units of a group are
 * routed — and failed over — independently and run in parallel on whatever nodes suit them; only a result for the
 * exact id the router posted counts. Each unit's terminal result comes back keyed by plan id; a failed unit skips everything that depends on it; when nothing is pending or running the one
 * {@link PlanResult} is emitted. State is a changelogged store, so after a router restart finished units stay
 * finished and only outstanding ones are awaited. A plan past its deadline (plus the grace for its units' own
 * deadline handling) is closed with its running units failed — it never hangs.
 */
public final class PlanProcessor implements Processor<String, PlanEvent, String, PlanOutput> {

  private static final Logger log = LoggerFactory.getLogger(PlanProcessor.class);

  private final String storeName;
  private final PlanValidator validator;
  private final Duration checkInterval;
  private final Duration deadlineGrace;
  private ProcessorContext<String, PlanOutput> context;
  private KeyValueStore<String, PlanState> plans;

  public PlanProcessor(String storeName, PlanValidator validator, Duration checkInterval, Duration deadlineGrace) {
    this.storeName = storeName;
    this.validator = validator;
    this.checkInterval = checkInterval;
    this.deadlineGrace = deadlineGrace;
  }

  @Override
  public void init(ProcessorContext<String, PlanOutput> context) {
    this.context = context;
    this.plans = context.getStateStore(storeName);
    context.schedule(checkInterval, PunctuationType.WALL_CLOCK_TIME, ms -> closeOverdue(Instant.ofEpochMilli(ms)));
  }

  @Override
  public void process(Record<String, PlanEvent> record) {
    PlanEvent event = record.value();
    if (event == null) {
      return;
    }
    Instant now = Instant.ofEpochMilli(context.currentSystemTimeMs());
    if (event.plan() != null) {
      start(event.plan(), now);
    } else {
      unitFinished(record.key(), event.unitResult(), now);
    }
  }

  private void start(Plan plan, Instant now) {
    if (plans.get(plan.getPlanId()) != null) {
      log.debug("plan {} is already running; duplicate ignored", plan.getPlanId());
      return;
    }
    List<UnitOutcome> outcomes = plan.getUnits().stream()
        .map(u -> UnitOutcome.newBuilder().setUnitId(u.getUnitId()).setStatus(UnitStatus.PENDING).build())
        .collect(Collectors.toCollection(ArrayList::new));
    List<String> problems = validator.problems(plan);
    if (!problems.isEmpty()) {
      outcomes.replaceAll(o -> UnitOutcome.newBuilder(o).setStatus(UnitStatus.SKIPPED)
          .setError("plan refused").build());
      emitResult(plan, outcomes, "plan refused: " + String.join("; ", problems), now);
      return;
    }
    advance(PlanState.newBuilder().setPlan(plan).setOutcomes(outcomes).setNonce(UnitIds.nonce()).build(), now);
  }

  private void unitFinished(String planId, WorkResult result, Instant now) {
    PlanState state = plans.get(planId);
    String unitId = UnitIds.unitOf(result.getIntentId());
    if (state == null || unitId == null) {
      log.debug("result for {} of no running plan ignored", result.getIntentId());
      return;
    }
    if (!result.getIntentId().equals(UnitIds.of(state, unitId))) {
      log.warn("result for {} ignored: not the id plan {} posted its unit {} under (forged)", result.getIntentId(),
          planId, unitId);
      return;
    }
    List<UnitOutcome> outcomes = new ArrayList<>(state.getOutcomes());
    int i = indexOf(outcomes, unitId);
    if (i < 0 || outcomes.get(i).getStatus() != UnitStatus.RUNNING) {
      return; // not a unit, or a duplicate of one already recorded
    }
    boolean ok = result.getStatus() == WorkStatus.SUCCEEDED;
    outcomes.set(i, UnitOutcome.newBuilder(outcomes.get(i)).setStatus(ok ? UnitStatus.SUCCEEDED : UnitStatus.FAILED)
        .setOutput(result.getOutput()).setError(ok ? null : result.getStatus() + ": " + result.getError())
        .setNodeId(result.getNodeId()).setCapabilityId(result.getCapabilityId()).setAttempts(result.getAttempts())
        .setCacheHit(result.getCacheHit()).build());
    if (!ok) {
      skipDependents(state.getPlan(), outcomes, unitId);
    }
    advance(PlanState.newBuilder(state).setOutcomes(outcomes).build(), now);
  }

  /** Posts every unit now ready; finishes the plan when nothing is left to run. */
  private void advance(PlanState state, Instant now) {
    Plan plan = state.getPlan();
    List<UnitOutcome> outcomes = new ArrayList<>(state.getOutcomes());
    Map<String, UnitOutcome> byId = outcomes.stream().collect(Collectors.toMap(UnitOutcome::getUnitId, o -> o));
    for (int i = 0; i < plan.getUnits().size(); i++) {
      PlanUnit unit = plan.getUnits().get(i);
      if (outcomes.get(i).getStatus() == UnitStatus.PENDING && unit.getDependsOn().stream()
          .allMatch(d -> byId.get(d).getStatus() == UnitStatus.SUCCEEDED)) {
        Intent intent = intent(state, unit, byId, now);
        context.forward(new Record<>(plan.getPlanId(), new PlanOutput(intent, null), context.currentSystemTimeMs(),
            TraceHeaders.plan(TraceHeaders.intent(new RecordHeaders(), intent.getIntentId()), plan.getPlanId())));
        outcomes.set(i, UnitOutcome.newBuilder(outcomes.get(i)).setStatus(UnitStatus.RUNNING).build());
      }
    }
    boolean open = outcomes.stream().anyMatch(o -> o.getStatus() == UnitStatus.PENDING
        || o.getStatus() == UnitStatus.RUNNING);
    if (open) {
      plans.put(plan.getPlanId(), PlanState.newBuilder(state).setOutcomes(outcomes).build());
    } else {
      long failed = outcomes.stream().filter(o -> o.getStatus() != UnitStatus.SUCCEEDED).count();
      emitResult(plan, outcomes, failed == 0 ? null : failed + " of " + outcomes.size() + " units did not succeed: "
          + outcomes.stream().filter(o -> o.getStatus() != UnitStatus.SUCCEEDED).map(UnitOutcome::getUnitId)
          .collect(Collectors.joining(", ")), now);
    }
  }

  private static Intent intent(PlanState state, PlanUnit unit, Map<String, UnitOutcome> done, Instant now) {
    Plan plan = state.getPlan();
    String text = unit.getText();
    boolean placeholders = PlanValidator.PLACEHOLDER.matcher(text).find();
    for (String dep : unit.getDependsOn()) {
      String output = String.valueOf(done.get(dep).getOutput());
      text = placeholders ? text.replace("{{" + dep + "}}", output) : text + "\n\n---\n" + output;
    }
    return Intent.newBuilder().setIntentId(UnitIds.of(state, unit.getUnitId()))
        .setOriginNodeId(plan.getOriginNodeId()).setKind(unit.getKind()).setText(text)
        .setPinnedCapabilityId(unit.getPinnedCapabilityId()).setConstraints(plan.getConstraints())
        .setParametersJson(plan.getParametersJson()).setCreatedAt(now).setDeadlineAt(plan.getDeadlineAt())
        .setCache(plan.getCache()).setPlanId(plan.getPlanId()).build();
  }

  private static void skipDependents(Plan plan, List<UnitOutcome> outcomes, String failed) {
    List<String> broken = new ArrayList<>(List.of(failed));
    for (int pass = 0; pass < plan.getUnits().size(); pass++) {
      for (int i = 0; i < plan.getUnits().size(); i++) {
        PlanUnit u = plan.getUnits().get(i);
        if (outcomes.get(i).getStatus() == UnitStatus.PENDING
            && u.getDependsOn().stream().anyMatch(broken::contains)) {
          String cause = u.getDependsOn().stream().filter(broken::contains).findFirst().orElseThrow();
          outcomes.set(i, UnitOutcome.newBuilder(outcomes.get(i)).setStatus(UnitStatus.SKIPPED)
              .setError("dependency '" + cause + "' did not succeed").build());
          broken.add(u.getUnitId());
        }
      }
    }
  }

  private void emitResult(Plan plan, List<UnitOutcome> outcomes, String error, Instant now) {
    List<String> finals = finalUnits(plan);
    long succeeded = outcomes.stream().filter(o -> o.getStatus() == UnitStatus.SUCCEEDED).count();
    PlanStatus status = succeeded == outcomes.size() ? PlanStatus.SUCCEEDED
        : succeeded == 0 ? PlanStatus.FAILED : PlanStatus.PARTIAL;
    String output = outcomes.stream().filter(o -> finals.contains(o.getUnitId())
            && o.getStatus() == UnitStatus.SUCCEEDED).map(UnitOutcome::getOutput).collect(Collectors.joining("\n\n"));
    PlanResult result = PlanResult.newBuilder().setPlanId(plan.getPlanId()).setName(plan.getName()).setStatus(status)
        .setError(error).setOutput(output.isEmpty() ? null : output).setUnits(outcomes)
        .setCreatedAt(plan.getCreatedAt()).setFinishedAt(now).build();
    plans.delete(plan.getPlanId());
    log.info("plan {} finished {} ({} of {} units succeeded)", plan.getPlanId(), status, succeeded, outcomes.size());
    context.forward(new Record<>(plan.getPlanId(), new PlanOutput(null, result), context.currentSystemTimeMs(),
        TraceHeaders.plan(new RecordHeaders(), plan.getPlanId())));
  }

  /** Units nothing depends on: their outputs are the plan's answer. */
  static List<String> finalUnits(Plan plan) {
    Function<String, Boolean> needed = id -> plan.getUnits().stream().anyMatch(u -> u.getDependsOn().contains(id));
    return plan.getUnits().stream().map(PlanUnit::getUnitId).filter(id -> !needed.apply(id)).toList();
  }

  private void closeOverdue(Instant now) {
    List<PlanState> overdue = new ArrayList<>();
    try (KeyValueIterator<String, PlanState> it = plans.all()) {
      it.forEachRemaining(kv -> {
        Instant deadline = kv.value.getPlan().getDeadlineAt();
        if (deadline != null && now.isAfter(deadline.plus(deadlineGrace))) {
          overdue.add(kv.value);
        }
      });
    }
    for (PlanState state : overdue) {
      List<UnitOutcome> outcomes = new ArrayList<>(state.getOutcomes());
      outcomes.replaceAll(o -> o.getStatus() == UnitStatus.RUNNING || o.getStatus() == UnitStatus.PENDING
          ? UnitOutcome.newBuilder(o).setStatus(o.getStatus() == UnitStatus.RUNNING ? UnitStatus.FAILED
              : UnitStatus.SKIPPED).setError("plan deadline passed").build() : o);
      emitResult(state.getPlan(), outcomes, "plan deadline passed", now);
    }
  }

  private static int indexOf(List<UnitOutcome> outcomes, String unitId) {
    for (int i = 0; i < outcomes.size(); i++) {
      if (outcomes.get(i).getUnitId().equals(unitId)) {
        return i;
      }
    }
    return -1;
  }
}
