package dev.atmosphere.bench;

import dev.atmosphere.common.embed.CachingEmbedder;
import dev.atmosphere.common.embed.Embedder;
import dev.atmosphere.common.embed.MiniLmEmbedder;
import dev.atmosphere.common.embed.Vectors;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * Embedding throughput of the in-process MiniLM: one sentence at a time, through the cache on repeats, and what
 * batched runs would change.
 */
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
    if (embedder instanceof MiniLmEmbedder minilm) {
      batched(out, minilm, texts);
    }
    out.flush();
  }

  /** What batched runs would give, and why they are not used: a quantised run shifts each text by its company. */
  private static void batched(PrintWriter out, MiniLmEmbedder minilm, List<String> texts) {
    List<String> mixed = new ArrayList<>();
    for (int i = 0; i < texts.size(); i++) {
      mixed.add(i % 3 == 0 ? "hi " + i : texts.get(i));
    }
    double before = 0;
    double aloneRate = 0;
    double batchRate = 0;
    List<float[]> alone = null;
    List<float[]> together = null;
    for (int round = 0; round < 3; round++) { // interleaved, best of three: the same JIT state for each path
      long start = System.nanoTime();
      mixed.forEach(minilm::langchain4jVector);
      before = Math.max(before, rate(mixed.size(), start));
      start = System.nanoTime();
      alone = minilm.embedAll(mixed);
      aloneRate = Math.max(aloneRate, rate(mixed.size(), start));
      start = System.nanoTime();
      together = minilm.embedAll(mixed, 32);
      batchRate = Math.max(batchRate, rate(mixed.size(), start));
    }
    double worst = 1;
    for (int i = 0; i < mixed.size(); i++) {
      worst = Math.min(worst, Vectors.dot(alone.get(i), together.get(i)));
    }
    out.printf("embedding a list of %d (a third short), best of 3 interleaved: langchain4j's path as before %,.0f/s; alone %,.0f/s (x%.2f),"
        + " tokenised once; in runs of 32 %,.0f/s (x%.2f) but a text's"
        + " vector moves with its batch, worst cosine to its own %.4f — lists run alone%n",
        mixed.size(), before, aloneRate, aloneRate / before, batchRate, batchRate / aloneRate, worst);
  }

  private static double rate(int n, long start) {
    return n / ((System.nanoTime() - start) / 1e9);
  }
}
