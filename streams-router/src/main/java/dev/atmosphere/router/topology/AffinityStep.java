package dev.atmosphere.router.topology;

import dev.atmosphere.router.Routed;
import dev.atmosphere.router.affinity.AffinityPolicy;
import dev.atmosphere.router.affinity.Conversations;
import dev.atmosphere.schemas.ConversationTurn;
import dev.atmosphere.schemas.Intent;
import dev.atmosphere.schemas.IntentKind;
import dev.atmosphere.schemas.WorkResult;
import dev.atmosphere.schemas.WorkStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Multi-turn affinity's part in an intent's life: where the previous turn of its conversation was answered (read
 * from the global store over the compacted affinity topic, so every router instance sees every conversation), and
 * remembering where this turn was answered. Expired turns are swept by one task only.
 */
final class AffinityStep {

  private final AffinityPolicy policy;
  private final KeyValueStore<String, ConversationTurn> turns;
  private final Consumer<Routed> emit;
  private final boolean sweeper;

  AffinityStep(AffinityPolicy policy, KeyValueStore<String, ConversationTurn> turns, Consumer<Routed> emit,
      boolean sweeper) {
    this.policy = policy;
    this.turns = turns;
    this.emit = emit;
    this.sweeper = sweeper;
  }

  /**
   * The previous turn of the conversation {@code intent} continues, when remembered and not expired. A dry run reads
   * it too: {@code route --explain --conversation} shows where a follow-up would go and why.
   */
  Optional<ConversationTurn> previous(Intent intent, Instant now) {
    if (!policy.enabled() || intent.getPrefetch()) {
      return Optional.empty();
    }
    return Conversations.previousTurn(intent).map(turns::get)
        .filter(t -> t.getAnsweredAt().plus(policy.ttl()).isAfter(now));
  }

  /** Remembers where a conversational intent was answered. */
  void remember(Intent intent, WorkResult terminal, Instant now) {
    if (!policy.enabled() || terminal.getStatus() != WorkStatus.SUCCEEDED || terminal.getCacheHit()
        || intent.getKind() == IntentKind.EMBED || intent.getPrefetch() || terminal.getNodeId() == null) {
      return;
    }
    String key = Conversations.answeredTurn(intent, terminal.getOutput());
    emit.accept(Routed.affinityWrite(key, new ConversationTurn(key, terminal.getNodeId(), terminal.getCapabilityId(),
        now)));
  }

  /** Tombstones for turns past their time to live. */
  void sweep(Instant now) {
    if (!policy.enabled() || !sweeper) {
      return;
    }
    List<String> expired = new ArrayList<>();
    try (KeyValueIterator<String, ConversationTurn> it = turns.all()) {
      it.forEachRemaining(kv -> {
        if (kv.value != null && !kv.value.getAnsweredAt().plus(policy.ttl()).isAfter(now)) {
          expired.add(kv.key);
        }
      });
    }
    expired.forEach(k -> emit.accept(Routed.affinityWrite(k, null)));
  }
}
