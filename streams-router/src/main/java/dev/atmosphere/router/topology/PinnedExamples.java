package dev.atmosphere.router.topology;

import dev.atmosphere.router.Routed;
import dev.atmosphere.schemas.Intent;
import dev.atmosphere.schemas.RouteFeedback;
import dev.atmosphere.schemas.WorkResult;
import dev.atmosphere.schemas.WorkStatus;
import java.time.Instant;
import java.util.Optional;

/**
 * Explicit pins are labels too: an intent that named its capability (a model id through the gateway, a pinned plan
 * unit, {@code --capability} on the CLI) and was answered by it says "requests like this go there". It is written
 * to the feedback topic as a good example, so every router's nearest-neighbour layer leans similar unpinned intents
 * the same way. Semantic intents only (CHAT, RAG, VISION): embeddings are not routed by meaning.
 */
public final class PinnedExamples {

  /**
   * Slots per capability: an app that always names its model would otherwise write one example per request, for
   * ever — a compacted topic keyed by intent id never forgets, and every router holds and scans every example. Keyed
   * by capability and a hash of the text instead, a new example replaces the one in its slot (the same question
   * again replaces itself), so a capability keeps at most this many and the topic stays bounded.
   */
  static final int SLOTS = 64;

  private PinnedExamples() {}

  /** The feedback topic's key of a pinned example: its capability's slot for its text. */
  public static String key(RouteFeedback example) {
    return "pinned|" + example.getCapabilityId() + "|" + Math.floorMod(example.getText().hashCode(), SLOTS);
  }

  static Optional<Routed> of(Intent intent, WorkResult terminal, Instant now) {
    String pinned = intent.getPinnedCapabilityId();
    if (pinned == null || terminal.getStatus() != WorkStatus.SUCCEEDED || terminal.getCacheHit()
        || !pinned.equals(terminal.getCapabilityId()) || intent.getPrefetch() || intent.getDryRun()
        || !dev.atmosphere.router.scoring.KindRules.semantic(intent.getKind()) || intent.getText().isBlank()) {
      return Optional.empty();
    }
    return Optional.of(Routed.example(RouteFeedback.newBuilder().setIntentId(intent.getIntentId())
        .setText(intent.getText()).setCapabilityId(pinned).setGood(true).setGivenAt(now).build()));
  }
}
