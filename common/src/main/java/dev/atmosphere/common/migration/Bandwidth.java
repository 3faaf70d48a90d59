package dev.atmosphere.common.migration;

/**
 * A transfer's bandwidth limit, shared by its parallel chunk fetches: each chunk takes its bytes before it is
 * fetched, waiting as long as the rate requires. Unlimited when the rate is 0. It waits on the transfer's own threads.
 */
public final class Bandwidth {

  /** Waits the given nanoseconds. */
  public interface Sleeper {
    void sleep(long nanos) throws InterruptedException;
  }

  private final long bytesPerSecond;
  private final java.util.function.LongSupplier nanoTime;
  private final Sleeper sleeper;
  private long nextFree;

  public Bandwidth(long bytesPerSecond) {
    this(bytesPerSecond, System::nanoTime, n -> Thread.sleep(n / 1_000_000, (int) (n % 1_000_000)));
  }

  /** With the time and the waiting passed in (tests count the waits instead of taking them). */
  public Bandwidth(long bytesPerSecond, java.util.function.LongSupplier nanoTime, Sleeper sleeper) {
    this.bytesPerSecond = bytesPerSecond;
    this.nanoTime = nanoTime;
    this.sleeper = sleeper;
    this.nextFree = nanoTime.getAsLong();
  }

  public static Bandwidth unlimited() {
    return new Bandwidth(0);
  }

  /** Blocks until {@code bytes} may go without exceeding the rate. */
  public void take(long bytes) throws InterruptedException {
    if (bytesPerSecond <= 0) {
      return;
    }
    long wait;
    synchronized (this) {
      long now = nanoTime.getAsLong();
      long start = Math.max(now, nextFree);
      nextFree = start + bytes * 1_000_000_000L / bytesPerSecond;
      wait = start - now;
    }
    if (wait > 0) {
      sleeper.sleep(wait);
    }
  }
}
