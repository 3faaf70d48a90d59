package dev.atmosphere.router.topology;

import dev.atmosphere.router.Routed;
import dev.atmosphere.router.cache.SemanticCache;
import dev.atmosphere.schemas.CacheMode;
import dev.atmosphere.schemas.CapabilityAnnouncement;
import dev.atmosphere.schemas.Intent;
import dev.atmosphere.schemas.WorkResult;
import dev.atmosphere.schemas.WorkStatus;
import dev.atmosphere.schemas.topics.Topics;
import java.time.Instant;
import java.util.function.Consumer;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The semantic cache's part in an intent's life, apart from routing and failover: answer a cacheable intent from an
 * earlier answer close enough, store a new terminal answer, evict what expired or whose capability changed. Reads
 * the cache's global store; every write (entry or tombstone) goes out through {@code emit} to the cache topic.
 */
final class CacheStep {

  private static final Logger log = LoggerFactory.getLogger(CacheStep.class);

  private final SemanticCache cache;
  private final KeyValueStore<String, CapabilityAnnouncement> capabilities;
  private final CacheMetrics metrics;
  private final Consumer<Routed> emit;

  CacheStep(SemanticCache cache, KeyValueStore<String, CapabilityAnnouncement> capabilities, CacheMetrics metrics, Consumer<Routed> emit) {
    this.cache = cache;
    this.capabilities = capabilities;
    this.metrics = metrics;
    this.emit = emit;
  }

  /** Answers the intent from the cache when an earlier answer is close enough; false when it must be routed. */
  boolean answer(Intent intent, Instant now) {
    if (!cache.readable(intent)) {
      return false;
    }
    SemanticCache.Lookup lookup = cache.lookup(intent, capabilities::get, now);
    lookup.stale().forEach(key -> emit.accept(Routed.cacheWrite(key, null)));
    metrics.guardRejections(lookup.guardRejections());
    if (lookup.hit().isEmpty()) {
      metrics.miss();
      return false;
    }
    metrics.hit();
    log.debug("intent {} answered from the cache (similarity {})", intent.getIntentId(), lookup.hit().get().similarity());
    emit.accept(new Routed(null, null, SemanticCache.answer(intent, lookup.hit().get(), now)));
    return true;
  }

  /** Whether a (prefetch) intent's answer is already there or cannot be cached at all: then it need not run. */
  boolean needless(Intent intent, Instant now) {
    return !cache.readable(intent) || cache.lookup(intent, capabilities::get, now).hit().isPresent();
  }

  /** Keeps a successful terminal answer of a cacheable intent (refresh replaces what would have hit). */
  void store(Intent intent, WorkResult terminal, Instant now) {
    if (terminal.getStatus() != WorkStatus.SUCCEEDED || !cache.cacheable(intent)) {
      return;
    }
    CapabilityAnnouncement cap = capabilities.get(Topics.capabilityKey(terminal.getNodeId(), terminal.getCapabilityId()));
    if (cap == null) {
      return;
    }
    if (intent.getCache() == CacheMode.REFRESH) {
      cache.lookup(intent, capabilities::get, now).matches()
          .forEach(key -> emit.accept(Routed.cacheWrite(key, null)));
    }
    emit.accept(Routed.cacheWrite(intent.getIntentId(), cache.entry(intent, terminal, cap, now)));
  }

  /**
   * Expired entries, entries whose capability changed or left, and the oldest beyond the cache's size are evicted
   * (tombstones on the cache topic).
   */
  void sweep(Instant now) {
    cache.evictions(capabilities::get, now).forEach(key -> emit.accept(Routed.cacheWrite(key, null)));
  }
}
