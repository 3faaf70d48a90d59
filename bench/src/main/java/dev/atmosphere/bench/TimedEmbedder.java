package dev.atmosphere.bench;

import dev.atmosphere.common.embed.Embedder;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An embedder that counts its calls and the time spent in them, so a bench can say how much of a run was the
 * model (on 2 cores shared with a broker, a sentence takes about twice as long as alone).
 */
final class TimedEmbedder implements Embedder {

  private final Embedder delegate;
  private final AtomicLong calls = new AtomicLong();
  private final AtomicLong nanos = new AtomicLong();

  TimedEmbedder(Embedder delegate) {
    this.delegate = delegate;
  }

  @Override
  public String modelId() {
    return delegate.modelId();
  }

  @Override
  public int dimension() {
    return delegate.dimension();
  }

  @Override
  public java.util.OptionalInt tokens(String text) {
    return delegate.tokens(text);
  }

  @Override
  public float[] embed(String text) {
    long start = System.nanoTime();
    try {
      return delegate.embed(text);
    } finally {
      nanos.addAndGet(System.nanoTime() - start);
      calls.incrementAndGet();
    }
  }

  void reset() {
    calls.set(0);
    nanos.set(0);
  }

  long calls() {
    return calls.get();
  }

  double seconds() {
    return nanos.get() / 1e9;
  }
}
