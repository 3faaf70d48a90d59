package dev.atmosphere.router.prefetch;

import dev.atmosphere.common.embed.Embedder;
import dev.atmosphere.common.embed.Vectors;
import dev.atmosphere.schemas.CacheMode;
import dev.atmosphere.schemas.Intent;
import dev.atmosphere.schemas.internal.FollowUp;
import dev.atmosphere.schemas.internal.PrefetchHistory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Learns, per origin node, which question tends to follow which (consecutive intents within a session gap), and when
 * a new question resembles one with a follow-up seen often enough, posts that follow-up as a {@code prefetch} intent:
 * the lifecycle runs it only on an idle node and only if it is not cached yet, and its answer lands in the semantic
 * cache, so the real follow-up is a hit. Keyed by origin (the intents are re-keyed onto
 * {@code atmosphere.intents.by-origin}), so one origin's history lives in one task's changelogged store.
 */
public final class FollowUpPredictor implements Processor<String, Intent, String, Intent> {

  private final String storeName;
  private final PrefetchPolicy policy;
  private final Embedder embedder;
  private ProcessorContext<String, Intent> context;
  private KeyValueStore<String, PrefetchHistory> histories;

  public FollowUpPredictor(String storeName, PrefetchPolicy policy, Embedder embedder) {
    this.storeName = storeName;
    this.policy = policy;
    this.embedder = embedder;
  }

  @Override
  public void init(ProcessorContext<String, Intent> context) {
    this.context = context;
    this.histories = context.getStateStore(storeName);
  }

  @Override
  public void process(Record<String, Intent> record) {
    Intent intent = record.value();
    if (intent == null || intent.getPrefetch() || intent.getDryRun() || intent.getPlanId() != null
        || intent.getCache() == CacheMode.BYPASS) {
      return;
    }
    String origin = record.key();
    PrefetchHistory history = Optional.ofNullable(histories.get(origin))
        .orElseGet(() -> PrefetchHistory.newBuilder().build());
    List<FollowUp> transitions = new ArrayList<>(history.getTransitions());
    Instant at = intent.getCreatedAt();
    if (history.getLastText() != null && history.getLastAt() != null
        && Duration.between(history.getLastAt(), at).compareTo(policy.sessionGap()) <= 0
        && !history.getLastText().equals(intent.getText())) {
      learn(transitions, history.getLastText(), intent.getText());
    }
    histories.put(origin, PrefetchHistory.newBuilder().setLastText(intent.getText()).setLastAt(at)
        .setTransitions(transitions).build());
    predict(transitions, intent.getText()).ifPresent(next -> context.forward(record.withKey(prefetchId(intent))
        .withValue(Intent.newBuilder(intent).setIntentId(prefetchId(intent)).setText(next).setMessages(List.of())
            .setPrefetch(true).setStream(false).setCache(CacheMode.DEFAULT).build())));
  }

  private void learn(List<FollowUp> transitions, String previous, String next) {
    for (int i = 0; i < transitions.size(); i++) {
      FollowUp f = transitions.get(i);
      if (f.getPrevious().equals(previous) && f.getNext().equals(next)) {
        transitions.set(i, FollowUp.newBuilder(f).setCount(f.getCount() + 1).build());
        return;
      }
    }
    transitions.add(FollowUp.newBuilder().setPrevious(previous).setNext(next).setCount(1).build());
    if (transitions.size() > policy.maxTransitions()) {
      transitions.sort(Comparator.comparingInt(FollowUp::getCount).reversed());
      transitions.subList(policy.maxTransitions(), transitions.size()).clear();
    }
  }

  /** The most often seen follow-up of a learned question close enough to {@code text}. */
  Optional<String> predict(List<FollowUp> transitions, String text) {
    float[] query = embedder.embed(text);
    return transitions.stream()
        .filter(f -> f.getCount() >= policy.minCount() && !f.getNext().equals(text))
        .filter(f -> Vectors.cosine(query, embedder.embed(f.getPrevious())) >= policy.similarity())
        .max(Comparator.comparingInt(FollowUp::getCount)).map(FollowUp::getNext);
  }

  static String prefetchId(Intent intent) {
    return "prefetch-" + intent.getIntentId();
  }
}
