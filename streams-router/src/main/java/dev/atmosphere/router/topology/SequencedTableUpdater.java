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
  private KeyValueStore<String, V> store;

  SequencedTableUpdater(String storeName, ToLongFunction<V> sequence) {
    this.storeName = storeName;
    this.sequence = sequence;
  }

  @Override
  public void init(ProcessorContext<Void, Void> context) {
    store = context.getStateStore(storeName);
  }

  @Override
  public void process(Record<String, V> record) {
    if (record.key() == null) {
      log.warn("{}: ignoring a record without key", storeName);
      return;
    }
    if (record.value() == null) {
      store.delete(record.key());
      return;
    }
    V current = store.get(record.key());
    if (current != null && sequence.applyAsLong(current) > sequence.applyAsLong(record.value())) {
      log.debug("{}: ignoring stale update of {} (sequence {} < {})", storeName, record.key(),
          sequence.applyAsLong(record.value()), sequence.applyAsLong(current));
      return;
    }
    store.put(record.key(), record.value());
  }
}
