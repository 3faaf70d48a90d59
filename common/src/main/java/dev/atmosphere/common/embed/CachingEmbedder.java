package dev.atmosphere.common.embed;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An LRU cache in front of an embedder: capability descriptions and repeated intents are embedded once.
 * Thread-safe; the underlying model call happens outside the lock.
 */
public final class CachingEmbedder implements Embedder {

  private final Embedder delegate;
  private final Map<String, float[]> cache;

  public CachingEmbedder(Embedder delegate, int maxEntries) {
    this.delegate = delegate;
    this.cache =
        Collections.synchronizedMap(
            new LinkedHashMap<>(16, 0.75f, true) {
              @Override
              protected boolean removeEldestEntry(Map.Entry<String, float[]> eldest) {
                return size() > maxEntries;
              }
            });
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
    float[] hit = cache.get(text);
    if (hit != null) {
      return hit;
    }
    float[] vector = delegate.embed(text);
    cache.put(text, vector);
    return vector;
  }

  public int size() {
    return cache.size();
  }
}
