package dev.atmosphere.router.topology;

import dev.atmosphere.schemas.WorkResult;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The terminal result of every intent answered in the last {@code retention}, by intent id, in a changelogged store:
 * a producer that retries, a client that re-posts after a timeout, or a replayed topic gets the answer it already
 * has instead of a second run (and a second bill). Entries age out {@code retention} after the result's finish time.
 */
final class AnsweredIntents {

  private final KeyValueStore<String, WorkResult> store;
  private final Duration retention;

  AnsweredIntents(KeyValueStore<String, WorkResult> store, Duration retention) {
    this.store = store;
    this.retention = retention;
  }

  WorkResult get(String intentId) {
    return store.get(intentId);
  }

  void put(WorkResult terminal) {
    if (terminal.getIntentId() != null && !retention.isZero()) {
      store.put(terminal.getIntentId(), terminal);
    }
  }

  void sweep(Instant now) {
    List<String> expired = new ArrayList<>();
    Instant cutoff = now.minus(retention);
    try (KeyValueIterator<String, WorkResult> it = store.all()) {
      it.forEachRemaining(kv -> {
        if (kv.value.getTimings().getFinishedAt().isBefore(cutoff)) {
          expired.add(kv.key);
        }
      });
    }
    expired.forEach(store::delete);
  }
}
