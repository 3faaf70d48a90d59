package dev.atmosphere.router.plan;

import dev.atmosphere.schemas.Intent;
import dev.atmosphere.schemas.PlanResult;

/** What the plan processor emits: a unit to run (as an intent) or the plan's one aggregate result. */
public record PlanOutput(Intent unit, PlanResult result) {}
