package dev.atmosphere.router.cache;

import static dev.atmosphere.schemas.fixtures.Fixtures.intent;
import static org.assertj.core.api.Assertions.assertThat;

import dev.atmosphere.schemas.CacheEntry;
import dev.atmosphere.schemas.Intent;
import dev.atmosphere.schemas.IntentKind;
import dev.atmosphere.schemas.WorkResult;
import dev.atmosphere.schemas.WorkStatus;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SemanticCacheAnswerTest {

  private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");

  @Test
  void shouldReportAnExactRepeatAsSimilarityOneEvenWhenTheFloatSumLandsAboveIt() {
    WorkResult answer = SemanticCache.answer(question(), new SemanticCache.Hit(entry(), 1.0000000381), NOW);

    assertThat(answer.getCacheSimilarity()).isEqualTo(1.0);
    assertThat(answer.getCacheHit()).isTrue();
    assertThat(answer.getStatus()).isEqualTo(WorkStatus.SUCCEEDED);
  }

  @Test
  void shouldReportAParaphraseWithItsOwnSimilarity() {
    WorkResult answer = SemanticCache.answer(question(), new SemanticCache.Hit(entry(), 0.9612), NOW);

    assertThat(answer.getCacheSimilarity()).isEqualTo(0.9612);
    assertThat(answer.getCachedIntentId()).isEqualTo("earlier");
    assertThat(answer.getOutput()).isEqualTo("Paris");
  }

  private static Intent question() {
    return intent("now", IntentKind.CHAT, "What is the capital of France?", NOW).build();
  }

  private static CacheEntry entry() {
    return CacheEntry.newBuilder().setIntentId("earlier").setKind(IntentKind.CHAT)
        .setText("What is the capital of France?").setEmbedding(List.of(1f, 0f)).setContextKey("c").setOutput("Paris")
        .setNodeId("n1").setCapabilityId("cap").setCapabilityFingerprint(1L).setStoredAt(NOW.minusSeconds(60))
        .setExpiresAt(NOW.plusSeconds(3600)).build();
  }
}
