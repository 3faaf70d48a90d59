package dev.atmosphere.router.topology;

import dev.atmosphere.schemas.RouteDecision;
import dev.atmosphere.schemas.WorkResult;
import dev.atmosphere.schemas.WorkUnit;

/**
 * What routing one intent produced: always a decision, then either a work unit for the chosen node or a
 * terminal result (NO_ROUTE, REJECTED). Lives only between the routing processor and the sinks; never serialised.
 */
public record Routed(RouteDecision decision, WorkUnit work, WorkResult result) {}
