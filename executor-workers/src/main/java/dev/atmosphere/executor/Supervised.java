package dev.atmosphere.executor;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the executor's work loop alive: when the loop dies (a fenced producer, a broker restart mid-commit, a failed
 * dead-letter write) a new one — new consumer, new transactional producer — is started after a pause, instead of the
 * node heartbeating as healthy while nothing consumes its work topic. While no loop runs, {@link #accepting()} is
 * false and the heartbeat says so, so the router sends the node no work.
 */
final class Supervised implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Supervised.class);

  private final String name;
  private final Supplier<WorkConsumer> loops;
  private final Duration pause;
  private final AtomicInteger starts = new AtomicInteger();
  private final Thread thread;
  private volatile WorkConsumer current;
  private volatile boolean accepting;
  private volatile boolean stopped;

  /** @param loops makes a fresh loop (its own consumer and producer) for each start */
  Supervised(String name, Supplier<WorkConsumer> loops, Duration pause) {
    this.name = name;
    this.loops = loops;
    this.pause = pause;
    this.thread = new Thread(this::supervise, name);
  }

  Supervised start() {
    thread.start();
    return this;
  }

  private void supervise() {
    while (!stopped) {
      try {
        current = loops.get();
        if (stopped) {
          current.stop(); // closed while this loop was being made: it ends at once
        }
        starts.incrementAndGet();
        accepting = true;
        current.run();
      } catch (RuntimeException e) {
        log.error("{} died; not accepting work until it is restarted in {} ms", name, pause.toMillis(), e);
      }
      accepting = false;
      if (!stopped) {
        try {
          Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  /** Whether a loop is running and taking work. */
  boolean accepting() {
    return accepting && !stopped;
  }

  /** How many loops were started (1 while nothing died). */
  int starts() {
    return starts.get();
  }

  /** Units polled but not started, of the running loop. */
  int queued() {
    WorkConsumer loop = current;
    return loop == null ? 0 : loop.queued();
  }

  @Override
  public void close() {
    stopped = true;
    WorkConsumer loop = current;
    if (loop != null) {
      loop.stop(); // a running loop ends through stop(), closing its consumer and producer
    }
    if (!accepting) {
      thread.interrupt(); // ends a pause between loops
    }
    try {
      thread.join(Duration.ofSeconds(15).toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
