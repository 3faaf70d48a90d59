package dev.atmosphere.router.cache;

import dev.atmosphere.schemas.CacheEntry;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The semantic cache's entries as a lookup wants them: decoded once when they arrive (not per intent), each with its
 * embedding as a float array, grouped by context key — a lookup compares only entries asked in the same context
 * (kind, pins, constraints, parameters, earlier messages) — and, per context, a {@link SimilarityIndex}, so a lookup
 * in a large cache compares the question with the entries that could be close, not with all. Fed by the cache's
 * global store, read by every stream thread (a lookup may see an entry a moment early or late, as it would read the
 * store).
 */
public final class CacheIndex {

  /** An entry with its embedding as a unit vector (the entry's own list is dropped: held once, as floats). */
  public record Item(CacheEntry entry, float[] vector) {}

  private final Map<String, SimilarityIndex<Item>> byContext = new ConcurrentHashMap<>();
  private final Map<String, String> contextOf = new ConcurrentHashMap<>();

  /** A stored entry changed ({@code entry} null: removed). */
  public void update(String key, CacheEntry entry) {
    String previous = entry == null ? contextOf.remove(key) : contextOf.put(key, entry.getContextKey());
    if (previous != null) {
      byContext.computeIfPresent(previous, (context, index) -> {
        index.remove(key);
        return index.size() == 0 ? null : index; // an emptied context is dropped
      });
    }
    if (entry != null) {
      float[] unit = unit(entry.getEmbedding());
      Item item = new Item(CacheEntry.newBuilder(entry).setEmbedding(List.of()).build(), unit); // kept once, unboxed
      byContext.compute(entry.getContextKey(), (context, index) -> {
        SimilarityIndex<Item> in = index == null ? new SimilarityIndex<>() : index;
        in.put(key, unit, item);
        return in;
      });
    }
  }

  /** The entries asked in this context at cosine ≥ {@code threshold} to {@code unitQuery}. */
  List<SimilarityIndex.Near<Item>> near(String contextKey, float[] unitQuery, double threshold) {
    SimilarityIndex<Item> index = byContext.get(contextKey);
    return index == null ? List.of() : index.near(unitQuery, threshold);
  }

  public int size() {
    return contextOf.size();
  }

  /** Every entry held (without its embedding), by key: what a sweep reads instead of decoding the store. */
  public Map<String, CacheEntry> entries() {
    Map<String, CacheEntry> out = new java.util.HashMap<>();
    byContext.values().forEach(index -> index.values().forEach((key, item) -> out.put(key, item.entry())));
    return out;
  }

  /** The embedding as a unit-length float array, so a lookup's similarity is one dot product. */
  static float[] unit(List<Float> list) {
    return dev.atmosphere.common.embed.Vectors.normalize(dev.atmosphere.common.embed.Vectors.of(list));
  }
}
