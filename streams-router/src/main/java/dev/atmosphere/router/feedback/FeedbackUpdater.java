package dev.atmosphere.router.feedback;

import dev.atmosphere.schemas.RouteFeedback;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/** Keeps the feedback global store and the router's {@link LearnedExamples} in step with the feedback topic. */
public final class FeedbackUpdater implements Processor<String, RouteFeedback, Void, Void> {

  private final String storeName;
  private final LearnedExamples learned;
  private KeyValueStore<String, RouteFeedback> store;

  public FeedbackUpdater(String storeName, LearnedExamples learned) {
    this.storeName = storeName;
    this.learned = learned;
  }

  @Override
  public void init(ProcessorContext<Void, Void> context) {
    this.store = context.getStateStore(storeName);
    learned.loadIfEmpty(store);
  }

  @Override
  public void process(Record<String, RouteFeedback> record) {
    if (record.key() == null) {
      return;
    }
    if (record.value() == null) {
      store.delete(record.key());
    } else {
      store.put(record.key(), record.value());
    }
    learned.update(record.key(), record.value());
  }
}
