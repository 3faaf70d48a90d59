package dev.atmosphere.router.topology;

import static dev.atmosphere.router.topology.RouterHarness.T0;
import static dev.atmosphere.schemas.fixtures.Fixtures.intent;
import static org.assertj.core.api.Assertions.assertThat;

import dev.atmosphere.common.embed.CachingEmbedder;
import dev.atmosphere.common.embed.Embedder;
import dev.atmosphere.common.embed.MiniLmEmbedder;
import dev.atmosphere.schemas.CacheEntry;
import dev.atmosphere.schemas.CacheMode;
import dev.atmosphere.schemas.Intent;
import dev.atmosphere.schemas.IntentKind;
import dev.atmosphere.schemas.WorkResult;
import dev.atmosphere.schemas.WorkStatus;
import dev.atmosphere.schemas.WorkUnit;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The semantic cache inside the router, with the real MiniLM embedder (similarities below are that model's): a
 * paraphrase is answered from the cache, a rewording below the threshold too when its words say the same (the second
 * stage); a near miss ("not safe" vs "safe", 0.96 cosine; two words swapped, 0.99) is not; entries expire,
 * die with their capability, and obey bypass and refresh.
 */
class SemanticCacheTopologyTest {

  private static Embedder embedder;
  @TempDir Path state;
  private RouterHarness mesh;

  @BeforeAll
  static void model() {
    embedder = new CachingEmbedder(new MiniLmEmbedder(), 1000);
  }

  private void start(Map<String, String> overrides) {
    Map<String, String> values = new HashMap<>(Map.of("router.cache.ttl", "10m", "router.cache.sweep.interval", "1m",
        "router.relevance.threshold", "-1")); // routing by meaning is not under test here
    values.putAll(overrides);
    mesh = new RouterHarness(state, embedder, values);
    mesh.node("a", "llm", "general assistant that answers everyday questions");
  }

  @AfterEach
  void stop() {
    if (mesh != null) {
      mesh.close();
    }
  }

  /** Posts an intent; if it was routed, answers it; returns its terminal result. */
  private WorkResult ask(String id, String text, CacheMode mode) {
    mesh.intents.pipeInput(id, intent(id, IntentKind.CHAT, text, T0).setCache(mode).build());
    List<WorkUnit> sent = mesh.dispatched();
    sent.forEach(u -> mesh.answer(u, WorkStatus.SUCCEEDED));
    List<WorkResult> results = mesh.results.readValuesToList();
    assertThat(results).as("one terminal result for " + id).hasSize(1);
    return results.get(0);
  }

  private WorkResult ask(String id, String text) {
    return ask(id, text, CacheMode.DEFAULT);
  }

  @Test
  void shouldAnswerAParaphraseFromTheCacheWithItsSimilarityWithoutRoutingIt() {
    start(Map.of());
    WorkResult first = ask("q1", "What is the capital of France?");
    WorkResult second = ask("q2", "What's the capital of France?");

    assertThat(first.getCacheHit()).isFalse();
    assertThat(second.getCacheHit()).isTrue();
    assertThat(second.getCacheSimilarity()).isGreaterThan(0.95);
    assertThat(second.getCachedIntentId()).isEqualTo("q1");
    assertThat(second.getOutput()).isEqualTo(first.getOutput()).isEqualTo("answer to What is the capital of France?");
    assertThat(second.getAttempts()).isZero();
  }

  @Test
  void shouldAnswerARewordingBelowTheThresholdWhenItsWordsSayTheSame() {
    start(Map.of());
    ask("q1", "Summarise clause 4 of the supplier contract");
    WorkResult reworded = ask("q2", "Give me a summary of clause 4 in the supplier contract");

    assertThat(reworded.getCacheHit()).as("the issue's example, cosine 0.915").isTrue();
    assertThat(reworded.getCacheSimilarity()).isBetween(0.85, 0.95);
    assertThat(reworded.getCachedIntentId()).isEqualTo("q1");
  }

  @Test
  void shouldMissTheSameRewordingWithoutASecondStage() {
    start(Map.of("router.cache.second.stage", "0.95"));
    ask("q1", "Summarise clause 4 of the supplier contract");

    assertThat(ask("q2", "Give me a summary of clause 4 in the supplier contract").getCacheHit()).isFalse();
  }

  @Test
  void shouldNotServeTheSameWordsWithTwoOfThemSwappedEvenAboveTheThreshold() {
    start(Map.of());
    ask("q1", "Translate this sentence from English to German");
    WorkResult swapped = ask("q2", "Translate this sentence from German to English"); // cosine 0.99

    assertThat(swapped.getCacheHit()).isFalse();
    assertThat(swapped.getOutput()).isEqualTo("answer to Translate this sentence from German to English");
  }

  @Test
  void shouldNeverServeAPrivateCapabilitysCachedAnswerToAnotherNode() {
    start(Map.of());
    String home = mesh.nodes.get("a").nodeId();
    mesh.announce("a", "llm", c -> c.setDescription("general assistant that answers everyday questions")
        .setConstraints(dev.atmosphere.schemas.CapabilityConstraints.newBuilder().setLocalOnly(true).build()));
    mesh.intents.pipeInput("own", intent("own", IntentKind.CHAT, "What is in my diary for Friday?", T0)
        .setOriginNodeId(home).build());
    mesh.dispatched().forEach(u -> mesh.answer(u, WorkStatus.SUCCEEDED));
    assertThat(mesh.results.readValue().getCacheHit()).isFalse();

    mesh.intents.pipeInput("again", intent("again", IntentKind.CHAT, "What is in my diary for Friday?", T0)
        .setOriginNodeId(home).build());
    mesh.intents.pipeInput("stranger", intent("stranger", IntentKind.CHAT, "What is in my diary for Friday?", T0)
        .setOriginNodeId("another-node").build());

    List<WorkResult> results = mesh.results.readValuesToList();
    assertThat(results.get(0).getCacheHit()).as("its own node may reuse it").isTrue();
    assertThat(results.get(1).getCacheHit()).as("another node never gets the private answer").isFalse();
    assertThat(results.get(1).getStatus()).isEqualTo(WorkStatus.NO_ROUTE);
  }

  @Test
  void shouldNotServeANearMissThatDiffersByANegationWhenTheGuardIsOn() {
    start(Map.of());
    ask("q1", "Which foods are safe for dogs?");
    WorkResult nearMiss = ask("q2", "Which foods are not safe for dogs?");

    assertThat(nearMiss.getCacheHit()).isFalse();
    assertThat(nearMiss.getOutput()).isEqualTo("answer to Which foods are not safe for dogs?");
  }

  @Test
  void shouldServeTheWrongAnswerToANegatedQuestionWhenTheGuardIsOff() {
    start(Map.of("router.cache.guard", "false")); // the failure the guard exists for: cosine 0.96 > 0.95
    ask("q1", "Which foods are safe for dogs?");
    assertThat(ask("q2", "Which foods are not safe for dogs?").getCacheHit()).isTrue();
  }

  @Test
  void shouldMissAfterTheTtlAndEvictTheEntryFromTheCacheTopic() {
    start(Map.of());
    ask("q1", "What is the capital of France?");
    mesh.driver.advanceWallClockTime(Duration.ofMinutes(11));

    assertThat(ask("q2", "What's the capital of France?").getCacheHit()).isFalse();
    var cache = mesh.driver.createOutputTopic(mesh.topics.cache(), new StringDeserializer(),
        mesh.serdes.cacheEntry().deserializer()).readKeyValuesToList();
    assertThat(cache).anySatisfy(kv -> {
      assertThat(kv.key).isEqualTo("q1");
      assertThat(kv.value).as("tombstone").isNull();
    });
  }

  @Test
  void shouldEvictTheOldestAnswersBeyondTheCachesSize() {
    start(Map.of("router.cache.max.entries", "2"));
    for (String[] q : new String[][] {{"q1", "What is the capital of France?"},
        {"q2", "How many legs does a spider have?"}, {"q3", "Who wrote the novel Moby Dick?"}}) {
      ask(q[0], q[1]);
      mesh.driver.advanceWallClockTime(Duration.ofSeconds(1));
    }
    mesh.driver.advanceWallClockTime(Duration.ofMinutes(1)); // a sweep

    var cache = mesh.driver.createOutputTopic(mesh.topics.cache(), new StringDeserializer(),
        mesh.serdes.cacheEntry().deserializer()).readKeyValuesToList();
    assertThat(cache.stream().filter(kv -> kv.value == null).map(kv -> kv.key)).containsExactly("q1");
    assertThat(ask("r3", "Who wrote the novel Moby Dick?").getCacheHit()).isTrue();
    assertThat(ask("r1", "What is the capital of France?").getCacheHit()).as("the oldest was evicted").isFalse();
  }

  @Test
  void shouldInvalidateEntriesWhenTheirCapabilityChangesButNotWhenItIsOnlyReannounced() {
    start(Map.of());
    ask("q1", "What is the capital of France?");
    mesh.announce("a", "llm", c -> c.setDescription("general assistant that answers everyday questions"));
    assertThat(ask("q2", "What's the capital of France?").getCacheHit()).as("same content, new sequence").isTrue();

    mesh.announce("a", "llm", c -> c.setDescription("general assistant, now with a larger model"));
    assertThat(ask("q3", "What's the capital of France?").getCacheHit()).as("capability changed").isFalse();
  }

  @Test
  void shouldInvalidateEntriesWhenTheirCapabilityIsWithdrawn() {
    start(Map.of());
    mesh.node("b", "other", "general assistant that answers everyday questions");
    WorkResult first = ask("q1", "What is the capital of France?");
    String servedBy = first.getNodeId().equals(mesh.nodes.get("a").nodeId()) ? "a" : "b";
    mesh.announce(servedBy, servedBy.equals("a") ? "llm" : "other", c -> c.setWithdrawn(true));

    assertThat(ask("q2", "What's the capital of France?").getCacheHit()).isFalse();
  }

  @Test
  void shouldNeitherReadNorWriteOnBypassAndReplaceTheEntryOnRefresh() {
    start(Map.of());
    ask("q1", "What is the capital of France?");
    assertThat(ask("q2", "What's the capital of France?", CacheMode.BYPASS).getCacheHit()).isFalse();
    WorkResult refreshed = ask("q3", "What is the capital of France?", CacheMode.REFRESH);
    assertThat(refreshed.getCacheHit()).isFalse();

    WorkResult after = ask("q4", "What's the capital of France?");
    assertThat(after.getCacheHit()).isTrue();
    assertThat(after.getCachedIntentId()).isEqualTo("q3");
    List<CacheEntry> written = mesh.driver.createOutputTopic(mesh.topics.cache(), new StringDeserializer(),
        mesh.serdes.cacheEntry().deserializer()).readValuesToList();
    assertThat(written).filteredOn(java.util.Objects::nonNull).extracting(CacheEntry::getIntentId)
        .contains("q1", "q3").doesNotContain("q2");
    assertThat(written).as("q1 replaced by the refresh: a tombstone").containsNull();
  }

  @Test
  void shouldMissWhenTheParametersDiffer() {
    start(Map.of());
    ask("q1", "What is the capital of France?");
    Intent other = intent("q2", IntentKind.CHAT, "What's the capital of France?", T0)
        .setParametersJson("{\"temperature\":1.5}").build();
    mesh.intents.pipeInput("q2", other);
    assertThat(mesh.dispatched()).hasSize(1);
  }
}
