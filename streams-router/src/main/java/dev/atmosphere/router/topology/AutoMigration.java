package dev.atmosphere.router.topology;

import dev.atmosphere.router.Routed;
import dev.atmosphere.router.scoring.Candidate;
import dev.atmosphere.schemas.CapabilityAnnouncement;
import dev.atmosphere.schemas.Intent;
import dev.atmosphere.schemas.MigrationEvent;
import dev.atmosphere.schemas.MigrationPhase;
import dev.atmosphere.schemas.Provider;
import dev.atmosphere.schemas.RouteDecision;
import dev.atmosphere.schemas.internal.IntentState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The model comes to the data, decided by the router: a {@code local_only} intent for a model that only another
 * node's Ollama has does not end as NO_ROUTE when {@code router.migration.enabled} — the router requests the
 * migration of that model to the intent's own node and parks the intent, routing it again every few seconds until
 * the model is announced there (then it runs there), a node reports the migration FAILED (then the intent fails
 * with that reason at once) or the deadline passes. The route says so.
 */
final class AutoMigration {

  static final String WAITING = "migration: ";
  private static final Duration PAUSE = Duration.ofSeconds(2);

  /** The decision, the migration request to emit, and the parked intent to keep (null: refused, nothing parked). */
  record Parked(List<Routed> emits, IntentState state) {}

  private final boolean enabled;
  private org.apache.kafka.streams.state.KeyValueStore<String, MigrationEvent> migrations;

  AutoMigration(boolean enabled) {
    this.enabled = enabled;
  }

  /** Reads where migrations stand (the global store over the migrations topic). */
  void bind(org.apache.kafka.streams.state.KeyValueStore<String, MigrationEvent> migrations) {
    this.migrations = migrations;
  }

  /** Why the migration a parked intent waits for failed, once a node reported it FAILED; empty while it may arrive. */
  Optional<String> failure(IntentState state) {
    MigrationEvent latest = migrations == null ? null : migrations.get(migrationId(state.getIntent()));
    if (latest == null || latest.getPhase() != MigrationPhase.FAILED) {
      return Optional.empty();
    }
    return Optional.of("the migration of " + latest.getModel() + " to " + latest.getTargetNodeId() + " failed: "
        + (latest.getError() == null ? "no reason given" : latest.getError()));
  }

  private static String migrationId(Intent intent) {
    return "auto-" + intent.getIntentId();
  }

  /** Parks the intent behind a migration when one would let it run on its own node; empty otherwise. */
  Optional<Parked> park(Intent intent, Routed noRoute, List<Candidate> table, Instant now) {
    String model = intent.getPinnedModel();
    String origin = intent.getOriginNodeId();
    if (!enabled || noRoute.decision() == null || model == null || origin == null
        || !intent.getConstraints().getLocalOnly()) {
      return Optional.empty();
    }
    List<Candidate> holders = table.stream()
        .filter(c -> c.status() != null && c.status().getExpiresAt().isAfter(now))
        .filter(c -> c.capability().getMetadata().getProvider() == Provider.OLLAMA
            && !c.capability().getNodeId().equals(origin) && c.capability().getModels().contains(model))
        .toList();
    List<Candidate> serving = holders.stream().filter(c -> c.status().getMigrationServes()).toList();
    Optional<CapabilityAnnouncement> source = serving.stream().filter(c -> withinMax(c))
        .map(Candidate::capability).findFirst();
    if (holders.isEmpty()) {
      return Optional.empty();
    }
    Optional<String> noRoom = serving.isEmpty()
        ? Optional.of("no migration: no node that has " + model + " serves it (migration.serve: false)")
        : source.isEmpty() ? Optional.of(tooLarge(model, serving))
        : refused(origin, table).or(() -> noRoom(source.get(), origin, table));
    if (noRoom.isPresent()) { // asking would only end in a FAILED migration: say why now
      String reason = noRoute.decision().getReason() + "; " + noRoom.get();
      return Optional.of(new Parked(List.of(new Routed(RouteDecision.newBuilder(noRoute.decision()).setReason(reason)
          .build(), null, noRoute.result() == null ? null : dev.atmosphere.schemas.WorkResult.newBuilder(
              noRoute.result()).setError(reason).build())), null));
    }
    String id = migrationId(intent);
    String reason = WAITING + "moving " + model + " from " + source.get().getNodeId() + " to " + origin
        + " (migration " + id + "); the intent runs there once the model is announced";
    MigrationEvent request = MigrationEvent.newBuilder().setMigrationId(id).setPhase(MigrationPhase.REQUESTED)
        .setModel(model).setSourceNodeId(source.get().getNodeId()).setTargetNodeId(origin).setAt(now).build();
    RouteDecision decision = RouteDecision.newBuilder(noRoute.decision()).setReason(reason).build();
    IntentState parked = IntentState.newBuilder().setIntent(intent).setAttempt(0).setWorkId("").setNodeId("")
        .setCapabilityId("").setDispatchedAt(now).setLastError(reason).setRetryAt(now.plus(PAUSE))
        .setBusyRetries(1).build();
    return Optional.of(new Parked(List.of(new Routed(decision, null, null), Routed.migrationRequest(request)), parked));
  }

  /** Whether the holder serves a model of this size ({@code migration.max_mb} in its heartbeat; unknown = yes). */
  private static boolean withinMax(Candidate holder) {
    Long max = holder.status().getMigrationMaxBytes();
    long size = size(holder.capability());
    return max == null || size <= 0 || size <= max;
  }

  private static String tooLarge(String model, List<Candidate> serving) {
    long max = serving.stream().mapToLong(c -> c.status().getMigrationMaxBytes()).max().orElse(0);
    return String.format(java.util.Locale.ROOT, "no migration: %s has %.1f GB and the nodes that have it serve models "
        + "of at most %.1f GB (migration.max_mb)", model, size(serving.get(0).capability()) / 1e9, max / 1e9);
  }

  /** The model's size as its Ollama lists it, 0 when unknown. */
  private static long size(CapabilityAnnouncement holder) {
    try {
      return Long.parseLong(holder.getMetadata().getExtra().getOrDefault("size_bytes", "0"));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /** Why the target says no to any migration ({@code migration.accept: false} in its heartbeat), or empty. */
  private static Optional<String> refused(String target, List<Candidate> table) {
    return table.stream().map(Candidate::status).filter(s -> s != null && s.getNodeId().equals(target)).findFirst()
        .filter(s -> !s.getMigrationAccepts())
        .map(s -> "no migration: " + target + " does not accept migrated models (migration.accept: false)");
  }

  /**
   * Why the target cannot hold the model, when both are known: the model's size as its Ollama lists it against the
   * free disk the target's heartbeat reports, and against all the memory it has to run it in (system memory and GPU
   * memory together — Ollama splits a model between them; totals, not what is free this second), or against its GPU
   * memory alone when the target said {@code migration.allow_cpu: false}. Unknown sizes, disks or memory do not stop a
   * request (the target reports FAILED).
   */
  private static Optional<String> noRoom(CapabilityAnnouncement source, String target, List<Candidate> table) {
    long size = size(source);
    dev.atmosphere.schemas.NodeStatus status = table.stream().filter(c -> c.capability().getNodeId().equals(target)
        && c.status() != null).map(Candidate::status).findFirst().orElse(null);
    if (size <= 0 || status == null) {
      return Optional.empty();
    }
    Long free = status.getAvailableDiskBytes();
    if (free != null && free < size) {
      return Optional.of(String.format(java.util.Locale.ROOT, "no migration: %s needs %.1f GB and %s has %.1f GB free",
          source.getModels().get(0), size / 1e9, target, free / 1e9));
    }
    Long vram = status.getTotalVramBytes();
    if (!status.getMigrationAllowsCpu() && vram != null && vram < size) {
      return Optional.of(String.format(java.util.Locale.ROOT, "no migration: %s needs %.1f GB of GPU memory and %s "
          + "has %.1f GB (migration.allow_cpu: false there)", source.getModels().get(0), size / 1e9, target,
          vram / 1e9));
    }
    Long memory = status.getTotalMemoryBytes();
    if (memory != null && memory + (status.getTotalVramBytes() == null ? 0 : status.getTotalVramBytes()) < size) {
      return Optional.of(String.format(java.util.Locale.ROOT, "no migration: %s needs %.1f GB of memory to run and %s "
          + "has %.1f GB (system and GPU memory together)", source.getModels().get(0), size / 1e9, target,
          (memory + (status.getTotalVramBytes() == null ? 0 : status.getTotalVramBytes())) / 1e9));
    }
    return Optional.empty();
  }

  /** Whether the intent is waiting for a model to arrive. */
  static boolean waiting(IntentState state) {
    return state.getLastError() != null && state.getLastError().startsWith(WAITING);
  }

  /** Still no route and the migration not failed: wait another pause. */
  static IntentState again(IntentState state, Instant now) {
    return IntentState.newBuilder(state).setRetryAt(now.plus(PAUSE)).setBusyRetries(state.getBusyRetries() + 1)
        .build();
  }
}
