package dev.atmosphere.bench;

import dev.atmosphere.router.cache.CacheIndex;
import dev.atmosphere.router.cache.CachePolicy;
import dev.atmosphere.router.cache.SemanticCache;
import dev.atmosphere.schemas.CacheEntry;
import dev.atmosphere.schemas.CacheMode;
import dev.atmosphere.schemas.CapabilityAnnouncement;
import dev.atmosphere.schemas.Intent;
import dev.atmosphere.schemas.IntentConstraints;
import dev.atmosphere.schemas.IntentKind;
import dev.atmosphere.schemas.serde.AvroSerdes;
import dev.atmosphere.schemas.serde.InMemorySchemaRegistryClient;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * What one semantic-cache lookup costs as the cache grows: as it was (every entry decoded from the store's bytes, its
 * embedding unboxed and checked for staleness, per intent) versus the index kept since (decoded and unboxed once as
 * entries arrive, grouped by context, LSH tables beyond 2,048 entries; staleness checked only for entries close
 * enough), for a new question and for one asked before (which must be found). The hash embedder stands in
 * for MiniLM so the figure is the cache's own cost (the query's embedding is the same in both).
 */
final class CacheLookupBench {

  private static final Instant NOW = Instant.parse("2026-11-27T10:00:00Z");
  private static final int OLD_MAX = 20_000;

  private CacheLookupBench() {}

  static void run(PrintWriter out, int[] sizes, int lookups) {
    GradientTableBench.HashEmbedder embedder = new GradientTableBench.HashEmbedder();
    dev.atmosphere.router.cache.WordContrast.warmUp(); // as the router does at start: not in the first lookup
    CachePolicy policy = new CachePolicy(true, 0.95, Duration.ofHours(1), true, Duration.ofSeconds(10));
    AvroSerdes serdes = new AvroSerdes(new InMemorySchemaRegistryClient());
    CapabilityAnnouncement cap = CacheBench.CAP; // alive and unchanged: every entry is valid
    long fingerprint = SemanticCache.fingerprint(cap);
    for (int n : sizes) {
      CacheIndex index = new CacheIndex();
      SemanticCache cache = new SemanticCache(embedder, policy, index);
      String context = SemanticCache.contextKey(intent("q"));
      boolean old = n <= OLD_MAX; // the old path holds every decoded entry per lookup: bounded by the heap
      List<byte[]> stored = new ArrayList<>(old ? n : 0);
      for (int i = 0; i < n; i++) {
        CacheEntry e = entry(embedder, i, context, fingerprint);
        index.update("e" + i, e);
        if (old) {
          stored.add(serdes.cacheEntry().serializer().serialize("cache", e));
        }
      }
      Deserializer<CacheEntry> decode = serdes.cacheEntry().deserializer();
      double[] before = new double[lookups];
      double[] after = new double[lookups];
      double[] hits = new double[lookups];
      int found = 0;
      for (int i = 0; i < lookups; i++) {
        Intent repeat = intent("stored question " + (i * 7919L % n)); // asked before: must hit
        long t2 = System.nanoTime();
        found += cache.lookup(repeat, k -> cap, NOW).hit().isPresent() ? 1 : 0;
        hits[i] = System.nanoTime() - t2;
      }
      for (int i = 0; i < lookups; i++) {
        Intent q = intent("question " + i);
        if (old) {
          long t0 = System.nanoTime();
          List<CacheEntry> all = new ArrayList<>(n);
          stored.forEach(b -> all.add(decode.deserialize("cache", b)));
          cache.lookup(q, (Iterable<CacheEntry>) all, k -> cap, NOW);
          before[i] = System.nanoTime() - t0;
        }
        long t1 = System.nanoTime();
        cache.lookup(q, k -> cap, NOW);
        after[i] = System.nanoTime() - t1;
      }
      out.printf("semantic cache lookup, %,d entries: as it was %s; indexed, a new question p50 %.2f / p99 %.2f ms, "
              + "a repeated one p50 %.2f / p99 %.2f ms (%d of %d found)%n", n,
          old ? String.format("p50 %.2f / p99 %.2f ms", Stats.percentile(before, 50) / 1e6,
              Stats.percentile(before, 99) / 1e6) : "not measured (holds every entry decoded: beyond the heap)",
          Stats.percentile(after, 50) / 1e6, Stats.percentile(after, 99) / 1e6, Stats.percentile(hits, 50) / 1e6,
          Stats.percentile(hits, 99) / 1e6, found, lookups);
      out.flush();
    }
  }

  private static Intent intent(String text) {
    return Intent.newBuilder().setIntentId("i").setKind(IntentKind.CHAT).setText(text)
        .setConstraints(IntentConstraints.newBuilder().build()).setCache(CacheMode.DEFAULT).setCreatedAt(NOW)
        .setDeadlineAt(NOW.plusSeconds(60)).build();
  }

  private static CacheEntry entry(GradientTableBench.HashEmbedder embedder, int i, String context, long fp) {
    List<Float> v = new ArrayList<>(384);
    for (float f : embedder.embed("stored question " + i)) {
      v.add(f);
    }
    return CacheEntry.newBuilder().setIntentId("e" + i).setKind(IntentKind.CHAT).setText("stored question " + i)
        .setEmbedding(v).setContextKey(context).setOutput("answer " + i).setNodeId("node").setCapabilityId("llm")
        .setCapabilityFingerprint(fp).setStoredAt(NOW).setExpiresAt(NOW.plusSeconds(3600)).build();
  }
}
