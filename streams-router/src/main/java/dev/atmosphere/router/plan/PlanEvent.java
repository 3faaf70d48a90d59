package dev.atmosphere.router.plan;

import dev.atmosphere.schemas.Plan;
import dev.atmosphere.schemas.WorkResult;

/** What the plan processor reacts to: a new plan, or the terminal result of one of its units. Never serialised. */
public record PlanEvent(Plan plan, WorkResult unitResult) {

  public static PlanEvent of(Plan plan) {
    return new PlanEvent(plan, null);
  }

  public static PlanEvent of(WorkResult unitResult) {
    return new PlanEvent(null, unitResult);
  }
}
