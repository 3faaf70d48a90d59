package dev.atmosphere.router.cache;

import dev.atmosphere.schemas.CacheEntry;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The semantic cache's entries as a lookup wants them: decoded once when they arrive (not per intent), each with its
 * embedding as a float array, and grouped by context key — a lookup compares only entries asked in the same context
 * (kind, pins, constraints, parameters, earlier messages). Fed by the cache's global store, read by every stream
 * thread (concurrent maps; a lookup may see an entry a moment early or late, as it would read the store).
 */
public final class CacheIndex {

  /** An entry with its embedding as a unit vector (the entry's own list is dropped: held once, as floats). */
  public record Item(CacheEntry entry, float[] vector) {}

  private final Map<String, Map<String, Item>> byContext = new ConcurrentHashMap<>();
  private final Map<String, String> contextOf = new ConcurrentHashMap<>();

  /** A stored entry changed ({@code entry} null: removed). */
  public void update(String key, CacheEntry entry) {
    String previous = entry == null ? contextOf.remove(key) : contextOf.put(key, entry.getContextKey());
    if (previous != null) {
      Map<String, Item> bucket = byContext.get(previous);
      if (bucket != null) {
        bucket.remove(key);
      }
    }
    if (entry != null) {
      byContext.computeIfAbsent(entry.getContextKey(), c -> new ConcurrentHashMap<>())
          .put(key, new Item(CacheEntry.newBuilder(entry).setEmbedding(List.of()).build(), // kept once, unboxed
              unit(entry.getEmbedding())));
    }
  }

  /** The entries asked in this context. */
  public Collection<Item> inContext(String contextKey) {
    Map<String, Item> bucket = byContext.get(contextKey);
    return bucket == null ? List.of() : bucket.values();
  }

  public int size() {
    return contextOf.size();
  }

  /** The embedding as a unit-length float array, so a lookup's similarity is one dot product. */
  static float[] unit(List<Float> list) {
    return dev.atmosphere.common.embed.Vectors.normalize(dev.atmosphere.common.embed.Vectors.of(list));
  }

}
