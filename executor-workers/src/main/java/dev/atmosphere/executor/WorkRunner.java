package dev.atmosphere.executor;

import dev.atmosphere.backends.Backend;
import dev.atmosphere.backends.Outcome;
import dev.atmosphere.common.http.HttpFailure;
import dev.atmosphere.executor.continuation.DeliveredText;
import dev.atmosphere.executor.continuation.StreamContinuation;
import dev.atmosphere.schemas.Provider;
import dev.atmosphere.schemas.Timings;
import dev.atmosphere.schemas.WorkResult;
import dev.atmosphere.schemas.WorkStatus;
import dev.atmosphere.schemas.WorkUnit;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Executes one work unit against its backend and always returns a {@link WorkResult}: SUCCEEDED with the
 * provider's answer, or FAILED with a classified reason (timeout, HTTP status, connection refused, deadline
 * passed, unsupported) — never an exception, never silence. Counts in-flight work for the heartbeat.
 */
public final class WorkRunner {

  private static final Logger log = LoggerFactory.getLogger(WorkRunner.class);

  private final String nodeId;
  private final Map<Provider, Backend> backends;
  private final Duration requestTimeout;
  private final Clock clock;
  private final AtomicInteger inFlight = new AtomicInteger();
  private final java.util.concurrent.Semaphore slots;

  private final java.util.List<java.util.function.Consumer<WorkUnit>> succeeded = new java.util.concurrent.CopyOnWriteArrayList<>();
  private volatile java.util.function.Function<WorkUnit, java.util.Optional<String>> delivered = u -> java.util.Optional.empty();

  public WorkRunner(String nodeId, Map<Provider, Backend> backends, Duration requestTimeout, Clock clock) {
    this(nodeId, backends, requestTimeout, clock, 0);
  }

  /**
   * @param slots how many units may call the backends at once, mesh work and the node API's tool calls together
   *     ({@code resources.max_concurrent_requests}; 0: no limit)
   */
  public WorkRunner(String nodeId, Map<Provider, Backend> backends, Duration requestTimeout, Clock clock, int slots) {
    this.nodeId = nodeId;
    this.backends = Map.copyOf(backends);
    this.requestTimeout = requestTimeout;
    this.clock = clock;
    this.slots = slots > 0 ? new java.util.concurrent.Semaphore(slots) : null;
  }

  public int inFlight() {
    return inFlight.get();
  }

  /** Called with each unit that succeeded, on the thread that ran it (listeners must be quick). */
  public void onSucceeded(java.util.function.Consumer<WorkUnit> listener) {
    succeeded.add(listener);
  }

  /**
   * How a later attempt of a streamed intent finds the text earlier attempts streamed ({@link DeliveredText}): the
   * model then continues it ({@link StreamContinuation}) instead of starting again.
   */
  public void continueStreamsWith(java.util.function.Function<WorkUnit, java.util.Optional<String>> finder) {
    this.delivered = finder;
  }

  private void notifySucceeded(WorkUnit unit) {
    for (var listener : succeeded) {
      try {
        listener.accept(unit);
      } catch (RuntimeException e) { // the answer stands whatever a listener does
        log.warn("a listener of work {} failed: {}", unit.getWorkId(), e.getMessage());
      }
    }
  }

  public WorkResult run(WorkUnit unit) {
    return run(unit, delta -> { });
  }

  /**
   * Runs the unit once a slot is free (mesh work waits its turn); when it asks to stream, each generated piece goes to
   * {@code onDelta} as it arrives.
   */
  public WorkResult run(WorkUnit unit, java.util.function.Consumer<String> onDelta) {
    if (slots != null) {
      try {
        slots.acquire();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return failed(unit, clock.instant(), "INTERNAL", null, "interrupted while waiting for a free slot");
      }
    }
    try {
      return runHolding(unit, onDelta);
    } finally {
      if (slots != null) {
        slots.release();
      }
    }
  }

  /** Runs the unit now if a slot is free, else empty: a caller that cannot wait (a tool call) is told at once. */
  public java.util.Optional<WorkResult> tryRun(WorkUnit unit) {
    if (slots != null && !slots.tryAcquire()) {
      return java.util.Optional.empty();
    }
    try {
      return java.util.Optional.of(runHolding(unit, delta -> { }));
    } finally {
      if (slots != null) {
        slots.release();
      }
    }
  }

  private WorkResult runHolding(WorkUnit unit, java.util.function.Consumer<String> onDelta) {
    Instant started = clock.instant();
    Duration timeout = requestTimeout;
    if (unit.getDeadlineAt() != null) {
      Duration left = Duration.between(started, unit.getDeadlineAt());
      if (left.isNegative() || left.isZero()) {
        return failed(unit, started, "TIMEOUT", null, "deadline " + unit.getDeadlineAt() + " passed before execution");
      }
      timeout = left.compareTo(timeout) < 0 ? left : timeout;
    }
    Backend backend = backends.get(unit.getProvider());
    if (backend == null) {
      return failed(unit, started, "UNSUPPORTED", null, "node " + nodeId + " has no backend for " + unit.getProvider());
    }
    inFlight.incrementAndGet();
    try {
      java.util.Optional<String> sent = unit.getStream() ? delivered.apply(unit) : java.util.Optional.empty();
      StreamContinuation continuation = sent.map(text -> new StreamContinuation(text, onDelta)).orElse(null);
      Outcome outcome = !unit.getStream() ? backend.execute(unit, timeout) : continuation == null
          ? backend.stream(unit, timeout, onDelta)
          : backend.stream(StreamContinuation.unit(unit, sent.get()), timeout, continuation);
      WorkResult ok = base(unit, started, WorkStatus.SUCCEEDED)
          .setOutput(continuation == null ? outcome.output() : continuation.output(outcome.output()))
          .setContinuedChars(sent.map(String::length).orElse(null))
          .setOutputJson(outcome.rawJson())
          .setToolCallsJson(outcome.toolCallsJson())
          .setPromptTokens(outcome.promptTokens())
          .setCompletionTokens(outcome.completionTokens())
          .build();
      notifySucceeded(unit);
      return ok;
    } catch (HttpFailure e) {
      log.warn("work {} of intent {} on {} failed: {} {}", unit.getWorkId(), unit.getIntentId(),
          unit.getCapabilityId(), e.kind(), e.getMessage());
      return failed(unit, started, e.kind().name(), e.status(), e.getMessage());
    } catch (RuntimeException e) {
      log.error("work {} of intent {} on {} crashed", unit.getWorkId(), unit.getIntentId(), unit.getCapabilityId(), e);
      return failed(unit, started, "INTERNAL", null, e.getClass().getSimpleName() + ": " + e.getMessage());
    } finally {
      inFlight.decrementAndGet();
    }
  }

  /** The result of a unit the node has no room for: REJECTED with the reason, never dropped. */
  public WorkResult reject(WorkUnit unit, String reason) {
    return base(unit, clock.instant(), WorkStatus.REJECTED).setErrorKind("REJECTED").setError(reason).build();
  }

  private WorkResult failed(WorkUnit unit, Instant started, String kind, Integer status, String error) {
    return base(unit, started, WorkStatus.FAILED).setErrorKind(kind).setHttpStatus(status).setError(error).build();
  }

  private WorkResult.Builder base(WorkUnit unit, Instant started, WorkStatus status) {
    return WorkResult.newBuilder()
        .setIntentId(unit.getIntentId())
        .setWorkId(unit.getWorkId())
        .setStatus(status)
        .setNodeId(nodeId)
        .setCapabilityId(unit.getCapabilityId())
        .setAttempts(unit.getAttempt())
        .setTimings(Timings.newBuilder()
            .setIntentCreatedAt(unit.getIntentCreatedAt())
            .setRoutedAt(unit.getRoutedAt())
            .setStartedAt(started)
            .setFinishedAt(clock.instant())
            .build());
  }
}
