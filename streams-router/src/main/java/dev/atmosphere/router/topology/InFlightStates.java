package dev.atmosphere.router.topology;

import dev.atmosphere.schemas.internal.IntentState;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The intents in flight: the lifecycle store, whose changelog is what survives a crash, and beside it the same
 * states decoded in memory. The in-flight check walks every intent in flight twice a second; reading them from the
 * store decoded each state again (Avro) and copied the store's keys each time — at 200 intents/s, with thousands in
 * flight, a stall of the router's thread that showed in the routing p99. Every write goes to the store first, then
 * here; the processor builds this from the store when it starts, which is after any restore. Kept in the store's key
 * order, so the check visits intents as it did.
 */
final class InFlightStates {

  private final KeyValueStore<String, IntentState> store;
  private final TreeMap<String, IntentState> decoded = new TreeMap<>();

  InFlightStates(KeyValueStore<String, IntentState> store) {
    this.store = store;
    try (KeyValueIterator<String, IntentState> it = store.all()) {
      it.forEachRemaining(kv -> decoded.put(kv.key, kv.value));
    }
  }

  IntentState get(String intentId) {
    return decoded.get(intentId);
  }

  void put(String intentId, IntentState state) {
    store.put(intentId, state);
    decoded.put(intentId, state);
  }

  void delete(String intentId) {
    store.delete(intentId);
    decoded.remove(intentId);
  }

  /** Every state in flight now: a copy, since the check routes and finishes intents while it walks them. */
  List<IntentState> all() {
    return new ArrayList<>(decoded.values());
  }
}
