package dev.atmosphere.router;

import dev.atmosphere.schemas.CacheEntry;
import dev.atmosphere.schemas.ConversationTurn;
import dev.atmosphere.schemas.MigrationEvent;
import dev.atmosphere.schemas.RouteDecision;
import dev.atmosphere.schemas.WorkResult;
import dev.atmosphere.schemas.WorkUnit;

/**
 * What handling one intent event produced: a decision, then either a work unit for the chosen node or a terminal
 * result (NO_ROUTE, REJECTED, a cache hit, the final attempt); or a write to the semantic cache ({@code cacheKey}
 * with an entry to store, or with none to evict); or a write to the affinity table ({@code affinityKey} with the
 * turn, or with none when it expired). Lives only between the lifecycle processor and the sinks.
 */
public record Routed(RouteDecision decision, WorkUnit work, WorkResult result, String cacheKey, CacheEntry cacheEntry,
    String affinityKey, ConversationTurn affinityTurn, MigrationEvent migration,
    dev.atmosphere.schemas.RouteFeedback example) {

  public Routed(RouteDecision decision, WorkUnit work, WorkResult result) {
    this(decision, work, result, null, null, null, null, null, null);
  }

  public static Routed cacheWrite(String key, CacheEntry entry) {
    return new Routed(null, null, null, key, entry, null, null, null, null);
  }

  public static Routed affinityWrite(String key, ConversationTurn turn) {
    return new Routed(null, null, null, null, null, key, turn, null, null);
  }

  /** A model migration the router asks for (the model comes to a local-only intent's data). */
  public static Routed migrationRequest(MigrationEvent request) {
    return new Routed(null, null, null, null, null, null, null, request, null);
  }

  /** A labeled example for the feedback topic (a pinned intent that was answered). */
  public static Routed example(dev.atmosphere.schemas.RouteFeedback example) {
    return new Routed(null, null, null, null, null, null, null, null, example);
  }

  public String key() {
    if (decision != null) {
      return decision.getIntentId();
    }
    if (result != null) {
      return result.getIntentId();
    }
    if (work != null) {
      return work.getIntentId();
    }
    if (migration != null) {
      return migration.getMigrationId();
    }
    if (example != null) {
      return dev.atmosphere.router.topology.PinnedExamples.key(example); // bounded slots, not one key per intent
    }
    return cacheKey != null ? cacheKey : affinityKey;
  }
}
