package dev.atmosphere.gateway;

import io.javalin.http.Handler;
import java.util.concurrent.Semaphore;

/**
 * How many requests to the mesh this gateway answers at once ({@code gateway.max_in_flight}). Each waits on a server
 * thread until its answer comes, which with a model behind it can be minutes: 300 of them at once used to take every
 * thread the server had, so {@code /health} answered after 44 s, a quick question waited its turn and 33 callers
 * were dropped without an answer. Beyond the limit a request is refused at once with a 429 (and
 * {@code Retry-After}, which the OpenAI SDKs honour), and the server keeps threads to spare for everything else.
 */
final class InFlightLimit {

  /** Threads the server keeps beyond the limit: health, models, the mesh view, the node API. */
  static final int SPARE_THREADS = 64;

  private final int limit;
  private final Semaphore permits;
  private final io.micrometer.core.instrument.Counter refused;

  InFlightLimit(int limit, io.micrometer.core.instrument.MeterRegistry meters) {
    this.limit = limit;
    this.permits = new Semaphore(limit);
    this.refused = meters.counter("atmosphere.gateway.busy");
    io.micrometer.core.instrument.Gauge.builder("atmosphere.gateway.in_flight", this, l -> l.inFlight())
        .register(meters);
  }

  /** The server threads this limit needs. */
  int serverThreads() {
    return limit + SPARE_THREADS;
  }

  int inFlight() {
    return limit - permits.availablePermits();
  }

  /** {@code handler}, run only when a slot is free (the slot is held until it returns, a stream until it ends). */
  Handler around(Handler handler) {
    return ctx -> {
      if (!permits.tryAcquire()) {
        refused.increment();
        throw new GatewayError(429, "rate_limit_error", null, "gateway_busy", "this gateway is answering " + limit
            + " requests already (gateway.max_in_flight); retry shortly");
      }
      try {
        handler.handle(ctx);
      } finally {
        permits.release();
      }
    };
  }
}
