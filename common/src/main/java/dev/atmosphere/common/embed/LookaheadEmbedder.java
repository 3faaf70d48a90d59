package dev.atmosphere.common.embed;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Embeds the texts a caller is about to ask for on a thread of its own, so the caller's thread does its other work
 * meanwhile. The router's one stream thread spent about half of each new intent in MiniLM (2 ms of 4 on two busy
 * cores), and at 200 intents/s it was busy most of the time and queued: told of the intents a poll brought before it
 * processes them ({@link #ahead}), this thread embeds them in order while the stream thread decodes, scores, writes
 * and commits the ones before. A text asked for while its embedding runs waits for it; one never told of, or whose
 * embedding failed, is embedded on the caller's thread as before. Vectors are the delegate's, unchanged (each text is
 * run alone: see {@link SentenceEncoder}); the delegate keeps them (a {@link CachingEmbedder}), this class only what
 * is still running.
 */
public final class LookaheadEmbedder implements Embedder, AutoCloseable {

  /** At most this many texts wait for the thread; beyond it (a backlog after an outage) callers embed their own. */
  static final int MAX_PENDING = 512;

  private final Embedder delegate;
  private final Map<String, CompletableFuture<float[]>> pending = new ConcurrentHashMap<>();
  private final ExecutorService worker;
  private final AtomicLong ahead = new AtomicLong();
  private final AtomicLong waited = new AtomicLong();

  /** @param delegate the embedder whose vectors these are; it should keep them (a cache), as this class does not */
  public LookaheadEmbedder(Embedder delegate) {
    this.delegate = delegate;
    this.worker = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "embedding-lookahead");
      t.setDaemon(true);
      return t;
    });
  }

  /** Starts embedding {@code texts} (nulls, blanks and texts already under way are skipped), in their order. */
  public void ahead(Collection<String> texts) {
    for (String text : texts) {
      if (text == null || text.isBlank() || pending.size() >= MAX_PENDING) {
        continue;
      }
      pending.computeIfAbsent(text, t -> {
        CompletableFuture<float[]> future = new CompletableFuture<>();
        worker.execute(() -> run(t, future));
        ahead.incrementAndGet();
        return future;
      });
    }
  }

  private void run(String text, CompletableFuture<float[]> future) {
    try {
      future.complete(delegate.embed(text));
    } catch (RuntimeException e) {
      future.completeExceptionally(e);
    } finally {
      pending.remove(text, future); // the delegate keeps the vector from here on
    }
  }

  @Override
  public float[] embed(String text) {
    CompletableFuture<float[]> running = text == null ? null : pending.get(text);
    if (running != null) {
      waited.incrementAndGet();
      try {
        return running.join();
      } catch (CompletionException e) {
        return delegate.embed(text); // it failed there: fail (or succeed) here, where the caller handles it
      }
    }
    return delegate.embed(text);
  }

  /** Texts embedded ahead so far, and how many of them a caller asked for while they still ran. */
  public long aheadCount() {
    return ahead.get();
  }

  public long waitedCount() {
    return waited.get();
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
  public void close() {
    worker.shutdownNow();
  }
}
