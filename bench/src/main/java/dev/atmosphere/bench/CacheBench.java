package dev.atmosphere.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.atmosphere.common.embed.Embedder;
import dev.atmosphere.router.cache.CachePolicy;
import dev.atmosphere.router.cache.SemanticCache;
import dev.atmosphere.schemas.CacheEntry;
import dev.atmosphere.schemas.CapabilityAnnouncement;
import dev.atmosphere.schemas.CapabilityConstraints;
import dev.atmosphere.schemas.CapabilityMetadata;
import dev.atmosphere.schemas.CapabilityResources;
import dev.atmosphere.schemas.CapabilityType;
import dev.atmosphere.schemas.Intent;
import dev.atmosphere.schemas.IntentConstraints;
import dev.atmosphere.schemas.IntentKind;
import dev.atmosphere.schemas.Provider;
import dev.atmosphere.schemas.Timings;
import dev.atmosphere.schemas.WorkResult;
import dev.atmosphere.schemas.WorkStatus;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * Hit rate of the semantic cache on public paraphrase pairs (GPTCache's mock pairs and Quora duplicates, under
 * {@code ../shared/data/paraphrase}) and false-hit rate on the project's near-miss pairs, through the router's own
 * {@link SemanticCache} lookup, at several thresholds, with and without the false-hit guard. A paraphrase "hit" counts
 * only when the entry found is its own origin; landing on another question's entry is a wrong hit.
 */
final class CacheBench {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final double[] THRESHOLDS = {0.80, 0.85, 0.90, 0.95};
  private static final Instant NOW = Instant.parse("2026-11-24T00:00:00Z");

  private CacheBench() {}

  record Pair(String category, String stored, String asked) {}

  static void run(PrintWriter out, Embedder embedder, Path dataDir, int maxPairs) {
    List<Pair> nearMiss = nearMisses("/eval/near-miss-pairs.tsv");
    List<Pair> holdout = nearMisses("/eval/near-miss-holdout.tsv");
    try {
      List<Pair> gptcache = pairs(JSON.readTree(Files.readAllBytes(dataDir.resolve("gptcache-mock-pairs.json"))),
          maxPairs);
      List<Pair> qqp = pairs(JSON.readTree(untarFirst(dataDir.resolve("qqp-duplicate-pairs.tar.gz"))), maxPairs);
      for (boolean guard : new boolean[] {false, true}) {
        for (double t : THRESHOLDS) {
          CachePolicy policy = new CachePolicy(true, t, Duration.ofHours(1), guard, Duration.ofSeconds(10));
          row(out, "threshold %.2f, guard %-3s".formatted(t, guard ? "on" : "off"), new SemanticCache(embedder,
              policy), gptcache, qqp, nearMiss, holdout);
        }
      }
      // the second stage was chosen on the first half of each paraphrase set and near-miss-pairs.tsv; the second
      // half and the held-out near misses were not looked at while choosing
      for (double from : new double[] {0.75, 0.80, 0.85, 0.90}) {
        CachePolicy policy = new CachePolicy(true, 0.95, Duration.ofHours(1), true, Duration.ofSeconds(10), from);
        SemanticCache cache = new SemanticCache(embedder, policy);
        row(out, "0.95 + second stage from %.2f, TUNE half".formatted(from), cache, half(gptcache, 0),
            half(qqp, 0), nearMiss, List.of());
        row(out, "0.95 + second stage from %.2f, TEST half".formatted(from), cache, half(gptcache, 1),
            half(qqp, 1), List.of(), holdout);
      }
      SemanticCache cache = new SemanticCache(embedder, CachePolicy.defaults());
      for (List<Pair> set : List.of(nearMiss, holdout)) {
        for (String category : set.stream().map(Pair::category).distinct().toList()) {
          List<Pair> some = set.stream().filter(p -> p.category().equals(category)).toList();
          out.printf("  near-miss false hits at the default (0.95, guard, second stage from %.2f), %s%s: %d of %d%n",
              CachePolicy.DEFAULT_SECOND_STAGE, set == holdout ? "held-out " : "", category,
              Math.round(falseHits(cache, some) * some.size()), some.size());
        }
      }
      for (Pair p : nearMiss) { // the tuning set's misses, to work on; the held-out ones are never printed
        if (falseHits(cache, List.of(p)) > 0) {
          out.printf("  near-miss false hit (tuning set, %s): \"%s\" answered with \"%s\"%n", p.category(), p.asked(),
              p.stored());
        }
      }
    } catch (IOException e) {
      out.println("semantic cache: paraphrase data not found under " + dataDir + " (" + e.getMessage() + ")");
    }
  }

  private static void row(PrintWriter out, String setting, SemanticCache cache, List<Pair> gptcache, List<Pair> qqp,
      List<Pair> nearMiss, List<Pair> holdout) {
    double[] g = paraphrases(cache, gptcache);
    double[] q = paraphrases(cache, qqp);
    out.printf("semantic cache, %s: paraphrase hits GPTCache %.1f%% (wrong %.1f%%), QQP %.1f%% (wrong %.1f%%) of "
            + "%d each; near-miss false hits%s%s%n", setting, g[0] * 100, g[1] * 100, q[0] * 100, q[1] * 100,
        gptcache.size(), nearMiss.isEmpty() ? "" : " %.1f%% of %d".formatted(falseHits(cache, nearMiss) * 100,
            nearMiss.size()),
        holdout.isEmpty() ? "" : ", held-out %.1f%% of %d".formatted(falseHits(cache, holdout) * 100,
            holdout.size()));
    out.flush();
  }

  /** The first (0) or second (1) half of a pair list. */
  static List<Pair> half(List<Pair> pairs, int which) {
    return which == 0 ? pairs.subList(0, pairs.size() / 2) : pairs.subList(pairs.size() / 2, pairs.size());
  }

  /** [share of asked questions answered with their own origin's entry, share answered with another's]. */
  static double[] paraphrases(SemanticCache cache, List<Pair> pairs) {
    List<CacheEntry> entries = new ArrayList<>();
    for (int i = 0; i < pairs.size(); i++) {
      entries.add(cache.entry(intent("o" + i, pairs.get(i).stored()), answer("o" + i), CAP, NOW));
    }
    int right = 0;
    int wrong = 0;
    for (int i = 0; i < pairs.size(); i++) {
      var hit = cache.lookup(intent("s" + i, pairs.get(i).asked()), entries, k -> CAP, NOW).hit();
      if (hit.isPresent()) {
        if (hit.get().entry().getIntentId().equals("o" + i)) {
          right++;
        } else {
          wrong++;
        }
      }
    }
    return new double[] {(double) right / pairs.size(), (double) wrong / pairs.size()};
  }

  /** Share of near-miss pairs where the second question is served the first one's answer. */
  static double falseHits(SemanticCache cache, List<Pair> pairs) {
    int hits = 0;
    for (int i = 0; i < pairs.size(); i++) {
      CacheEntry stored = cache.entry(intent("n" + i, pairs.get(i).stored()), answer("n" + i), CAP, NOW);
      if (cache.lookup(intent("m" + i, pairs.get(i).asked()), List.of(stored), k -> CAP, NOW).hit().isPresent()) {
        hits++;
      }
    }
    return pairs.isEmpty() ? 0 : (double) hits / pairs.size();
  }

  static List<Pair> nearMisses(String resource) {
    try (InputStream in = CacheBench.class.getResourceAsStream(resource)) {
      List<Pair> out = new ArrayList<>();
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (!line.startsWith("#") && !line.isBlank()) {
          String[] f = line.split("\t");
          out.add(new Pair(f[0], f[1], f[2]));
        }
      }
      return out;
    } catch (IOException e) {
      throw new IllegalStateException(resource + " missing from the classpath", e);
    }
  }

  static List<Pair> pairs(JsonNode array, int max) {
    List<Pair> out = new ArrayList<>();
    for (JsonNode n : array) {
      if (out.size() == max) {
        break;
      }
      out.add(new Pair("paraphrase", n.path("origin").asText(), n.path("similar").asText()));
    }
    return out;
  }

  /** The first file of a .tar.gz (ustar: 512-byte header, size in octal at offset 124). */
  private static byte[] untarFirst(Path file) throws IOException {
    try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
      byte[] header = in.readNBytes(512);
      long size = Long.parseLong(new String(header, 124, 11, StandardCharsets.US_ASCII).trim(), 8);
      ByteArrayOutputStream body = new ByteArrayOutputStream();
      body.write(in.readNBytes((int) size));
      return body.toByteArray();
    }
  }

  private static Intent intent(String id, String text) {
    return Intent.newBuilder().setIntentId(id).setKind(IntentKind.CHAT).setText(text)
        .setConstraints(IntentConstraints.newBuilder().build()).setCreatedAt(NOW).build();
  }

  private static WorkResult answer(String id) {
    return WorkResult.newBuilder().setIntentId(id).setStatus(WorkStatus.SUCCEEDED).setOutput("answer " + id)
        .setNodeId("node").setCapabilityId("llm")
        .setTimings(Timings.newBuilder().setIntentCreatedAt(NOW).setFinishedAt(NOW).build()).build();
  }

  static final CapabilityAnnouncement CAP = CapabilityAnnouncement.newBuilder().setCapabilityId("llm")
      .setNodeId("node").setType(CapabilityType.LLM).setName("llm").setDescription("general assistant")
      .setMetadata(CapabilityMetadata.newBuilder().setProvider(Provider.LLAMAFARM).setTarget("g/a")
          .setExtra(Map.of()).build())
      .setResources(CapabilityResources.newBuilder().build())
      .setConstraints(CapabilityConstraints.newBuilder().build()).setAnnouncedAt(NOW).setSequence(1).build();
}
