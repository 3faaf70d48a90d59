package dev.atmosphere.router.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atmosphere.common.testing.FixedEmbedder;
import dev.atmosphere.schemas.CacheEntry;
import dev.atmosphere.schemas.CapabilityAnnouncement;
import dev.atmosphere.schemas.CapabilityType;
import dev.atmosphere.schemas.IntentKind;
import dev.atmosphere.schemas.fixtures.Fixtures;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Every router holds every cached answer, question and answer included, in memory: a sweep evicts what expired or
 * lost its capability, and then the oldest beyond {@code router.cache.max.entries}, so a batch of many documents
 * cannot fill the heap.
 */
class CacheEvictionTest {

  private static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");
  private static final CapabilityAnnouncement CAP = Fixtures.capability("n1", "cap", CapabilityType.LLM, "cap", "d")
      .build();
  private static final Function<String, CapabilityAnnouncement> TABLE = key -> key.equals("n1|cap") ? CAP : null;

  private static CacheEntry entry(String id, int secondsAgo, String capability) {
    return CacheEntry.newBuilder().setIntentId(id).setKind(IntentKind.CHAT).setText("question " + id)
        .setEmbedding(List.of(1f, (float) id.hashCode())).setContextKey(id.startsWith("x") ? "other" : "c")
        .setOutput("answer").setNodeId("n1").setCapabilityId(capability)
        .setCapabilityFingerprint(SemanticCache.fingerprint(CAP)).setStoredAt(NOW.minusSeconds(secondsAgo))
        .setExpiresAt(NOW.minusSeconds(secondsAgo).plus(Duration.ofHours(1))).build();
  }

  private static SemanticCache cache(CacheIndex index, int maxEntries) {
    return new SemanticCache(new FixedEmbedder(), new CachePolicy(true, 0.95, Duration.ofHours(1), true,
        Duration.ofSeconds(10), 0.85, maxEntries), index);
  }

  @Test
  void shouldEvictTheOldestBeyondTheLimitAcrossContextsAfterWhatIsStale() {
    CacheIndex index = new CacheIndex();
    index.update("a", entry("a", 50, "cap"));
    index.update("x-b", entry("x-b", 40, "cap")); // another context: the limit is the whole cache's
    index.update("c", entry("c", 30, "cap"));
    index.update("d", entry("d", 20, "cap"));
    index.update("e", entry("e", 10, "cap"));
    index.update("expired", entry("expired", 4000, "cap"));
    index.update("orphan", entry("orphan", 5, "gone")); // its capability left the mesh

    List<String> evicted = cache(index, 3).evictions(TABLE, NOW);

    assertThat(evicted).containsExactlyInAnyOrder("expired", "orphan", "a", "x-b");
  }

  @Test
  void shouldEvictOnlyWhatIsStaleWithinTheLimit() {
    CacheIndex index = new CacheIndex();
    index.update("a", entry("a", 50, "cap"));
    index.update("expired", entry("expired", 4000, "cap"));

    assertThat(cache(index, 3).evictions(TABLE, NOW)).containsExactly("expired");
    index.update("expired", null);
    assertThat(cache(index, 3).evictions(TABLE, NOW)).isEmpty();
  }
}
