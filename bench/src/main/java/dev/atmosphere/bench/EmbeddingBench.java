package dev.atmosphere.bench;

import dev.atmosphere.common.embed.CachingEmbedder;
import dev.atmosphere.common.embed.Embedder;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** Embedding throughput of the in-process MiniLM: one sentence at a time, and through the cache on repeats. */
final class EmbeddingBench {

  private EmbeddingBench() {}

  static void run(PrintWriter out, Embedder embedder, int sentences) {
    List<String> texts = new ArrayList<>();
    for (int i = 0; i < sentences; i++) {
      texts.add("request number " + i + ": summarise the termination clause of supplier contract " + (i * 7919 % 1000));
    }
    for (int i = 0; i < 20; i++) {
      embedder.embed(texts.get(i)); // warm-up
    }
    long start = System.nanoTime();
    for (String t : texts) {
      embedder.embed(t);
    }
    double rate = sentences / ((System.nanoTime() - start) / 1e9);
    CachingEmbedder cached = new CachingEmbedder(embedder, sentences);
    texts.forEach(cached::embed);
    start = System.nanoTime();
    for (String t : texts) {
      cached.embed(t);
    }
    double cachedRate = sentences / ((System.nanoTime() - start) / 1e9);
    out.printf("embedding %d sentences, 1 thread: %,.0f sentences/s (%.2f ms each); repeated texts via cache: %,.0f/s (x%.0f)%n",
        sentences, rate, 1000 / rate, cachedRate, cachedRate / rate);
    out.flush();
  }
}
