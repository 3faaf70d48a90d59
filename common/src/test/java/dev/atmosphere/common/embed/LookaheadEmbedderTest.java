package dev.atmosphere.common.embed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Texts told of ahead are embedded on the lookahead thread, once, and a caller asking meanwhile waits for that
 * vector; what was not told of, or failed there, is embedded on the caller's thread; vectors are the delegate's.
 */
class LookaheadEmbedderTest {

  /** Records which thread embedded each text; holds every embedding until {@code release} opens. */
  private static final class Recording implements Embedder {
    final Map<String, String> threads = new ConcurrentHashMap<>();
    final Map<String, Integer> calls = new ConcurrentHashMap<>();
    final CountDownLatch release;
    volatile String failing;

    Recording(CountDownLatch release) {
      this.release = release;
    }

    @Override
    public String modelId() {
      return "recording";
    }

    @Override
    public int dimension() {
      return 2;
    }

    @Override
    public float[] embed(String text) {
      calls.merge(text, 1, Integer::sum);
      threads.put(text, Thread.currentThread().getName());
      try {
        release.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      if (text.equals(failing) && Thread.currentThread().getName().equals("embedding-lookahead")) {
        throw new IllegalStateException("model busy");
      }
      return new float[] {text.length(), 1};
    }
  }

  @Test
  void shouldEmbedTextsToldOfAheadOnItsOwnThreadOnceAndHandTheCallerThatVector() {
    Recording model = new Recording(new CountDownLatch(0));
    try (LookaheadEmbedder lookahead = new LookaheadEmbedder(new CachingEmbedder(model, 100))) {
      lookahead.ahead(List.of("summarise this contract", "what is the capital of France", " ", "summarise this contract"));
      await().atMost(Duration.ofSeconds(10)).until(() -> model.threads.size() == 2);

      assertThat(lookahead.embed("summarise this contract")).containsExactly(23, 1);
      assertThat(lookahead.embed("what is the capital of France")).containsExactly(29, 1);
      assertThat(model.threads).containsOnly(Map.entry("summarise this contract", "embedding-lookahead"),
          Map.entry("what is the capital of France", "embedding-lookahead"));
      assertThat(model.calls).as("each once: the cache keeps it after").containsOnly(
          Map.entry("summarise this contract", 1), Map.entry("what is the capital of France", 1));
      assertThat(lookahead.aheadCount()).isEqualTo(2);
    }
  }

  @Test
  void shouldMakeACallerThatAsksWhileTheTextIsStillBeingEmbeddedWaitForItRatherThanEmbedItAgain() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    Recording model = new Recording(release);
    try (LookaheadEmbedder lookahead = new LookaheadEmbedder(new CachingEmbedder(model, 100))) {
      lookahead.ahead(List.of("slow text"));
      await().atMost(Duration.ofSeconds(10)).until(() -> model.calls.containsKey("slow text"));
      var asked = java.util.concurrent.CompletableFuture.supplyAsync(() -> lookahead.embed("slow text"));
      await().atMost(Duration.ofSeconds(10)).until(() -> lookahead.waitedCount() == 1);
      release.countDown();

      assertThat(asked.get(10, TimeUnit.SECONDS)).containsExactly(9, 1);
      assertThat(model.calls).containsOnly(Map.entry("slow text", 1));
    }
  }

  @Test
  void shouldEmbedOnTheCallersThreadWhatItWasNotToldOfOrWhatFailedAhead() {
    Recording model = new Recording(new CountDownLatch(0));
    model.failing = "flaky";
    try (LookaheadEmbedder lookahead = new LookaheadEmbedder(model)) {
      assertThat(lookahead.embed("never told")).containsExactly(10, 1);
      assertThat(model.threads.get("never told")).isEqualTo(Thread.currentThread().getName());

      lookahead.ahead(List.of("flaky"));
      assertThat(lookahead.embed("flaky")).as("failed ahead, embedded here").containsExactly(5, 1);
      assertThat(model.threads.get("flaky")).isEqualTo(Thread.currentThread().getName());
    }
  }

  @Test
  void shouldLeaveABacklogBeyondItsBoundToTheCaller() {
    CountDownLatch release = new CountDownLatch(1);
    Recording model = new Recording(release);
    try (LookaheadEmbedder lookahead = new LookaheadEmbedder(model)) {
      lookahead.ahead(java.util.stream.IntStream.range(0, LookaheadEmbedder.MAX_PENDING + 100)
          .mapToObj(i -> "text " + i).toList());

      assertThat(lookahead.aheadCount()).isEqualTo(LookaheadEmbedder.MAX_PENDING);
      release.countDown();
    }
  }

  @Test
  void shouldPassOnWhatTheModelSaysAboutItself() {
    try (LookaheadEmbedder lookahead = new LookaheadEmbedder(new Recording(new CountDownLatch(0)))) {
      assertThat(lookahead.modelId()).isEqualTo("recording");
      assertThat(lookahead.dimension()).isEqualTo(2);
    }
  }
}
