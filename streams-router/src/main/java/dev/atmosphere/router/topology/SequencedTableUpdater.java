package dev.atmosphere.router.topology;

import java.util.function.ToLongFunction;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one side of the gradient table (capabilities or node status) as a global store: a tombstone removes
 * the row, and an update carrying an older sequence number than the row it would replace is ignored, so a late
 * or replayed announcement cannot bring back stale data.
 */
final class SequencedTableUpdater<V> implements Processor<String, V, Void, Void> {

  private static final Logger log = LoggerFactory.getLogger(SequencedTableUpdater.class);

  private final String storeName;
  private final ToLongFunction<V> sequence;
  private final Change<V> onChange;
  private KeyValueStore<String, V> store;
  private ProcessorContext<Void, Void> context;

  /** Told of every accepted change (the value, or null when removed), after the store, with this router's time. */
  interface Change<V> {
    void accept(String key, V value, long receivedAtMs);

    /** A row restored from the store after a restart: when it arrived is not known ({@code nowMs} is now). */
    default void restored(String key, V value, long nowMs) {
      accept(key, value, nowMs);
    }
  }

  SequencedTableUpdater(String storeName, ToLongFunction<V> sequence) {
    this(storeName, sequence, (k, v) -> { });
  }

  /** @param onChange told of every accepted change (the value, or null when removed), after the store */
  SequencedTableUpdater(String storeName, ToLongFunction<V> sequence, java.util.function.BiConsumer<String, V> onChange) {
    this(storeName, sequence, (Change<V>) (k, v, at) -> onChange.accept(k, v));
  }

  SequencedTableUpdater(String storeName, ToLongFunction<V> sequence, Change<V> onChange) {
    this.storeName = storeName;
    this.sequence = sequence;
    this.onChange = onChange;
  }

  @Override
  public void init(ProcessorContext<Void, Void> context) {
    this.context = context;
    store = context.getStateStore(storeName);
    // after a restart the store was restored straight from its topic: the listener hears of every restored row
    try (org.apache.kafka.streams.state.KeyValueIterator<String, V> it = store.all()) {
      it.forEachRemaining(kv -> onChange.restored(kv.key, kv.value, context.currentSystemTimeMs()));
    }
  }

  @Override
  public void process(Record<String, V> record) {
    if (record.key() == null) {
      log.warn("{}: ignoring a record without key", storeName);
      return;
    }
    if (record.value() == null) {
      store.delete(record.key());
      onChange.accept(record.key(), null, context.currentSystemTimeMs());
      return;
    }
    V current = store.get(record.key());
    if (current != null && sequence.applyAsLong(current) > sequence.applyAsLong(record.value())) {
      log.debug("{}: ignoring stale update of {} (sequence {} < {})", storeName, record.key(),
          sequence.applyAsLong(record.value()), sequence.applyAsLong(current));
      return;
    }
    store.put(record.key(), record.value());
    onChange.accept(record.key(), record.value(), context.currentSystemTimeMs());
  }
}
