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
final class PinnedExamples {

  private PinnedExamples() {}

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
