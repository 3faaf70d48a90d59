package dev.atmosphere.router.cache;

import dev.atmosphere.common.embed.Vectors;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The cache entries of one context, searchable for "every stored vector within cosine t of this one" without a
 * comparison against each. Up to {@value #EXACT_UP_TO} entries it scans them all; beyond, it also keeps
 * random-hyperplane LSH tables: {@value #TABLES} tables of {@value #BITS} sign bits. Two unit vectors at cosine c agree
 * on one bit with probability 1 − arccos(c)/π, so one at cosine ≥ 0.85 shares a bucket with the query in at least one
 * table with probability 1 − (1 − 0.823^10)^32 ≥ 0.99 (higher for closer ones, which are what the cache serves);
 * a candidate's 320 bits also estimate its angle (the share of bits that differ is about angle/π), so only candidates
 * with at most {@value #MAX_DIFFERENT_BITS} different bits — cosine 0.85 differs in 57 ± 7, an unrelated vector in
 * 160 ± 9 — are compared exactly. The bits of every entry sit in one array, the vectors are read only for those few:
 * memory, not arithmetic, is what a lookup waits for. The hyperplanes are fixed by a seed, so every router builds the
 * same tables. Readers share a lock; the cache topic's updates take it alone. Tuned for the cache's thresholds: asked
 * for less similar entries it finds fewer of them (0.97 at cosine 0.80, by the same arithmetic) — for a cache, a
 * missed entry costs a model call, never a wrong answer.
 */
final class SimilarityIndex<T> {

  static final int EXACT_UP_TO = 2_048;
  static final int BITS = 10;
  static final int TABLES = 32;
  static final int MAX_DIFFERENT_BITS = 100;
  private static final int WORDS = (TABLES * BITS + 63) / 64;

  /** One stored vector, with what it stands for. */
  record Near<T>(T value, double similarity) {}

  private final ReadWriteLock lock = new ReentrantReadWriteLock();
  private final Map<String, Integer> slotOf = new HashMap<>();
  private final List<String> keys = new ArrayList<>();
  private final List<float[]> vectors = new ArrayList<>();
  private final List<T> values = new ArrayList<>();
  private final List<Integer> free = new ArrayList<>();
  /** TABLES × BITS hyperplanes per dimension, the same for every index and every router (a fixed seed). */
  private static final Map<Integer, float[][]> PLANES = new java.util.concurrent.ConcurrentHashMap<>();
  private float[][] planes; // this index's: for its first vector's dimension
  private int[][][] buckets; // table → bucket → slots
  private int[][] counts; // table → bucket → how many slots
  private long[] codes; // slot → its TABLES × BITS sign bits, WORDS longs each (all zero and unused for free slots)
  private boolean[] coded; // slot → hashed into the tables

  void put(String key, float[] unitVector, T value) {
    lock.writeLock().lock();
    try {
      remove0(key);
      int slot = free.isEmpty() ? keys.size() : free.remove(free.size() - 1);
      if (slot == keys.size()) {
        keys.add(key);
        vectors.add(unitVector);
        values.add(value);
      } else {
        keys.set(slot, key);
        vectors.set(slot, unitVector);
        values.set(slot, value);
      }
      slotOf.put(key, slot);
      if (buckets != null) {
        hash(slot);
      } else if (slotOf.size() > EXACT_UP_TO) {
        build();
      }
    } finally {
      lock.writeLock().unlock();
    }
  }

  void remove(String key) {
    lock.writeLock().lock();
    try {
      remove0(key);
    } finally {
      lock.writeLock().unlock();
    }
  }

  /** What is stored, by key (a copy: the caller may change the index while it reads). */
  Map<String, T> values() {
    return reading(() -> slotOf.entrySet().stream()
        .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, e -> values.get(e.getValue()))));
  }

  int size() {
    return reading(slotOf::size);
  }

  private <R> R reading(java.util.function.Supplier<R> body) {
    lock.readLock().lock();
    try {
      return body.get();
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Every stored vector at cosine ≥ {@code threshold} to {@code unitQuery} (approximate beyond the exact size). */
  List<Near<T>> near(float[] unitQuery, double threshold) {
    return reading(() -> {
      List<Near<T>> out = new ArrayList<>();
      if (buckets == null || slotOf.size() <= EXACT_UP_TO || planes[0].length != unitQuery.length) {
        for (int slot : slotOf.values()) {
          test(slot, unitQuery, threshold, out);
        }
        return out;
      }
      long[] query = new long[WORDS];
      int[] queryBuckets = code(unitQuery, query, 0);
      BitSet seen = new BitSet(keys.size());
      for (int t = 0; t < TABLES; t++) {
        int b = queryBuckets[t];
        int[] slots = buckets[t][b];
        for (int i = 0; i < counts[t][b]; i++) {
          int slot = slots[i];
          if (!seen.get(slot)) {
            seen.set(slot);
            if (differentBits(query, slot) <= MAX_DIFFERENT_BITS) {
              test(slot, unitQuery, threshold, out);
            }
          }
        }
      }
      return out;
    });
  }

  /** The fast sum filters; the figure reported is the exact one (as {@link Vectors#dot} has always computed it). */
  private void test(int slot, float[] query, double threshold, List<Near<T>> out) {
    float[] v = vectors.get(slot);
    if (Vectors.fastDot(query, v) >= threshold - 1e-4) {
      double similarity = Vectors.dot(query, v);
      if (similarity >= threshold) {
        out.add(new Near<>(values.get(slot), similarity));
      }
    }
  }

  private void remove0(String key) {
    Integer slot = slotOf.remove(key);
    if (slot == null) {
      return;
    }
    if (buckets != null && slot < coded.length && coded[slot]) {
      for (int t = 0; t < TABLES; t++) {
        int b = bucketIn(t, slot);
        int[] slots = buckets[t][b];
        for (int i = 0; i < counts[t][b]; i++) {
          if (slots[i] == slot) {
            slots[i] = slots[--counts[t][b]];
            break;
          }
        }
      }
      coded[slot] = false;
    }
    keys.set(slot, null);
    vectors.set(slot, null);
    values.set(slot, null);
    free.add(slot);
  }

  private void build() {
    int dimension = vectors.get(slotOf.values().iterator().next()).length;
    planes = PLANES.computeIfAbsent(dimension, SimilarityIndex::planes);
    buckets = new int[TABLES][1 << BITS][];
    counts = new int[TABLES][1 << BITS];
    codes = new long[0];
    coded = new boolean[0];
    for (int slot : slotOf.values()) {
      hash(slot);
    }
  }

  private static float[][] planes(int dimension) {
    Random random = new Random(0x5EED_CAC4EL);
    float[][] planes = new float[TABLES * BITS][dimension];
    for (float[] plane : planes) {
      for (int i = 0; i < dimension; i++) {
        plane[i] = (float) random.nextGaussian();
      }
    }
    return planes;
  }

  private void hash(int slot) {
    float[] v = vectors.get(slot);
    if (v.length != planes[0].length) {
      return; // another model's vector: found by nothing but an exact scan (never in practice: one model per mesh)
    }
    if (slot >= coded.length) {
      int capacity = Math.max(slot + 1, coded.length * 2);
      coded = Arrays.copyOf(coded, capacity);
      codes = Arrays.copyOf(codes, capacity * WORDS);
    }
    Arrays.fill(codes, slot * WORDS, slot * WORDS + WORDS, 0L);
    int[] own = code(v, codes, slot * WORDS);
    coded[slot] = true;
    for (int t = 0; t < TABLES; t++) {
      int b = own[t];
      int[] slots = buckets[t][b];
      if (slots == null || counts[t][b] == slots.length) {
        buckets[t][b] = slots = Arrays.copyOf(slots == null ? new int[0] : slots, Math.max(8, counts[t][b] * 2));
      }
      slots[counts[t][b]++] = slot;
    }
  }

  /** The vector's bucket in every table; its bits are also written into {@code into} from {@code at}. */
  private int[] code(float[] v, long[] into, int at) {
    int[] buckets = new int[TABLES];
    for (int t = 0; t < TABLES; t++) {
      for (int bit = 0; bit < BITS; bit++) {
        if (Vectors.fastDot(planes[t * BITS + bit], v) >= 0) {
          buckets[t] |= 1 << bit;
          int index = t * BITS + bit;
          into[at + index / 64] |= 1L << (index % 64);
        }
      }
    }
    return buckets;
  }

  private int bucketIn(int table, int slot) {
    int b = 0;
    for (int bit = 0; bit < BITS; bit++) {
      int index = table * BITS + bit;
      if ((codes[slot * WORDS + index / 64] & (1L << (index % 64))) != 0) {
        b |= 1 << bit;
      }
    }
    return b;
  }

  private int differentBits(long[] query, int slot) {
    int different = 0;
    for (int w = 0; w < WORDS; w++) {
      different += Long.bitCount(query[w] ^ codes[slot * WORDS + w]);
    }
    return different;
  }
}
