package dev.atmosphere.router.topology;

import static dev.atmosphere.router.topology.RouterHarness.T0;
import static dev.atmosphere.schemas.fixtures.Fixtures.intent;
import static org.assertj.core.api.Assertions.assertThat;

import dev.atmosphere.common.embed.CachingEmbedder;
import dev.atmosphere.common.embed.Embedder;
import dev.atmosphere.common.embed.MiniLmEmbedder;
import dev.atmosphere.schemas.IntentKind;
import dev.atmosphere.schemas.WorkResult;
import dev.atmosphere.schemas.WorkStatus;
import dev.atmosphere.schemas.WorkUnit;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Predictive prefetching: after an origin has asked B right after A twice, asking A again (once the cache has
 * expired) makes the router run B in the background on an idle node, so the real B is a cache hit.
 */
class PrefetchTopologyTest {

  private static final String A = "Summarise the termination clause of the supplier contract";
  private static final String B = "Which notice period does the supplier contract require?";
  private static Embedder embedder;
  @TempDir Path state;
  private RouterHarness mesh;

  @BeforeAll
  static void model() {
    embedder = new CachingEmbedder(new MiniLmEmbedder(), 1000);
  }

  @BeforeEach
  void start() {
    mesh = new RouterHarness(state, embedder, Map.of("router.prefetch.enabled", "true", "router.cache.ttl", "10m",
        "router.cache.sweep.interval", "1m", "router.relevance.threshold", "-1"));
    mesh.node("a", "llm", "general assistant for contracts and everyday questions");
    mesh.node("b", "llm", "general assistant for contracts and everyday questions");
  }

  @AfterEach
  void stop() {
    mesh.close();
  }

  private List<WorkUnit> post(String id, String text, Instant createdAt) {
    mesh.intents.pipeInput(id, intent(id, IntentKind.CHAT, text, createdAt).setOriginNodeId("laptop").build());
    return mesh.dispatched();
  }

  private WorkResult result(String id) {
    return mesh.results.readValuesToList().stream().filter(r -> r.getIntentId().equals(id)).findFirst().orElseThrow();
  }

  @Test
  void shouldRunALearnedFollowUpInTheBackgroundSoTheRealOneIsACacheHit() {
    post("a1", A, T0).forEach(u -> mesh.answer(u, WorkStatus.SUCCEEDED));
    post("b1", B, T0.plusSeconds(10)).forEach(u -> mesh.answer(u, WorkStatus.SUCCEEDED));
    assertThat(post("a2", A, T0.plusSeconds(60))).as("cached").isEmpty();
    assertThat(post("b2", B, T0.plusSeconds(70))).as("cached").isEmpty();   // A → B seen twice now
    mesh.driver.advanceWallClockTime(Duration.ofMinutes(11));                // answers expire
    mesh.results.readValuesToList();

    List<WorkUnit> sent = post("a3", A, T0.plus(Duration.ofMinutes(15)));
    assertThat(sent).extracting(WorkUnit::getIntentId).containsExactlyInAnyOrder("a3", "prefetch-a3");
    assertThat(sent).filteredOn(u -> u.getIntentId().equals("prefetch-a3")).singleElement()
        .satisfies(u -> assertThat(u.getText()).isEqualTo(B));
    assertThat(sent.get(0).getNodeId()).as("the prefetch runs on the idle node").isNotEqualTo(sent.get(1).getNodeId());
    sent.forEach(u -> mesh.answer(u, WorkStatus.SUCCEEDED));

    assertThat(post("b3", B, T0.plus(Duration.ofMinutes(15)).plusSeconds(10))).isEmpty();
    WorkResult b3 = result("b3");
    assertThat(b3.getCacheHit()).isTrue();
    assertThat(b3.getCachedIntentId()).isEqualTo("prefetch-a3");
  }

  @Test
  void shouldNotPrefetchAFollowUpSeenOnlyOnce() {
    post("a1", A, T0).forEach(u -> mesh.answer(u, WorkStatus.SUCCEEDED));
    post("b1", B, T0.plusSeconds(10)).forEach(u -> mesh.answer(u, WorkStatus.SUCCEEDED));
    mesh.driver.advanceWallClockTime(Duration.ofMinutes(11));

    assertThat(post("a2", A, T0.plus(Duration.ofMinutes(15)))).extracting(WorkUnit::getIntentId)
        .containsExactly("a2");
  }
}
