package dev.atmosphere.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.atmosphere.common.embed.CachingEmbedder;
import dev.atmosphere.common.embed.MiniLmEmbedder;
import dev.atmosphere.router.cache.CachePolicy;
import dev.atmosphere.router.cache.SemanticCache;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The semantic cache's measured figures as a regression guard, at the default policy (0.95, guard, second stage from
 * 0.85): no false hit on the near-miss pairs the rules were chosen on, none of the 58 held-out near misses (3 before
 * the quantity and particle checks), and — where the public paraphrase data is present — at least 65 % hits on the
 * half of GPTCache's pairs that was never tuned on (64.4 % when written down, 68.2 % since the guard reads number words,
 * names and negations as people write them).
 */
class CacheBenchTest {

  private final SemanticCache cache = new SemanticCache(new CachingEmbedder(new MiniLmEmbedder(), 5_000),
      CachePolicy.defaults());

  @Test
  void shouldKeepNearMissFalseHitsWhereTheyWereMeasured() {
    List<CacheBench.Pair> tuned = CacheBench.nearMisses("/eval/near-miss-pairs.tsv");
    List<CacheBench.Pair> heldOut = CacheBench.nearMisses("/eval/near-miss-holdout.tsv");

    assertThat(tuned).hasSize(139);
    assertThat(heldOut).hasSize(58);
    assertThat(CacheBench.falseHits(cache, tuned)).isZero();
    assertThat(CacheBench.falseHits(cache, heldOut)).as("held-out near misses answered from the cache").isZero();
  }

  @Test
  void shouldHitAtLeastSixtyFivePercentOfTheParaphrasesItWasNeverTunedOn() throws Exception {
    Path data = Path.of("../../shared/data/paraphrase/gptcache-mock-pairs.json");
    Assumptions.assumeTrue(Files.exists(data), "public paraphrase data not on this machine: " + data);
    List<CacheBench.Pair> pairs = CacheBench.pairs(new ObjectMapper().readTree(Files.readAllBytes(data)), 1000);

    double[] rates = CacheBench.paraphrases(cache, CacheBench.half(pairs, 1));

    assertThat(rates[0]).as("own-entry hits on the TEST half").isGreaterThanOrEqualTo(0.65);
  }
}
