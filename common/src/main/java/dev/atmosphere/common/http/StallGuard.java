package dev.atmosphere.common.http;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A streamed body that cannot wedge its reader: the JDK client's request timeout ends at the response headers, so a
 * backend that sends headers and a first piece and then goes silent would block an executor slot forever. A
 * watchdog closes the body stream (which unblocks the JDK's pending read with an {@link IOException}; interrupting
 * the reader does not) when no byte has arrived for {@code idle}, or when {@code total} has passed since the stream
 * was opened; the read then fails as a {@link HttpFailure.Kind#TIMEOUT}, the attempt fails over, and the slot is free.
 */
final class StallGuard extends FilterInputStream {

  private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "http-stall-watchdog");
    t.setDaemon(true);
    return t;
  });

  private final String url;
  private final long idleNanos;
  private final long deadline;
  private final ScheduledFuture<?> check;
  private volatile long lastProgress = System.nanoTime();
  private volatile String tripped;

  StallGuard(InputStream in, String url, Duration idle, Duration total) {
    super(in);
    this.url = url;
    this.idleNanos = idle.toNanos();
    this.deadline = System.nanoTime() + total.toNanos();
    long period = Math.max(10, Math.min(idle.toMillis(), total.toMillis()) / 4);
    this.check = WATCHDOG.scheduleAtFixedRate(this::watch, period, period, TimeUnit.MILLISECONDS);
  }

  private void watch() {
    long now = System.nanoTime();
    if (tripped == null && (now - lastProgress > idleNanos || now > deadline)) {
      tripped = now > deadline ? "did not finish its answer in time" : "stalled mid-answer: no data for "
          + idleNanos / 1_000_000 + " ms";
      try {
        in.close();
      } catch (IOException e) {
        // closing is all we can do; the reader sees the failure either way
      }
    }
  }

  @Override
  public int read() throws IOException {
    int b = guarded(() -> super.read());
    lastProgress = System.nanoTime();
    return b;
  }

  @Override
  public int read(byte[] buffer, int off, int len) throws IOException {
    int n = guarded(() -> super.read(buffer, off, len));
    lastProgress = System.nanoTime();
    return n;
  }

  private interface Read {
    int run() throws IOException;
  }

  private int guarded(Read read) throws IOException {
    try {
      return read.run();
    } catch (IOException e) {
      if (tripped != null) {
        throw new HttpFailure(HttpFailure.Kind.TIMEOUT, null, url + " " + tripped, e);
      }
      throw e;
    }
  }

  @Override
  public void close() throws IOException {
    check.cancel(false);
    super.close();
  }
}
