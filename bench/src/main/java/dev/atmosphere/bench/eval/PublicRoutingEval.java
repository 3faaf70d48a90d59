package dev.atmosphere.bench.eval;

import dev.atmosphere.common.embed.Embedder;
import dev.atmosphere.common.embed.Vectors;
import dev.atmosphere.router.RoutePlanner;
import dev.atmosphere.router.Routed;
import dev.atmosphere.router.feedback.Examples;
import dev.atmosphere.router.scoring.Candidate;
import dev.atmosphere.schemas.Intent;
import dev.atmosphere.schemas.IntentConstraints;
import dev.atmosphere.schemas.IntentKind;
import dev.atmosphere.schemas.NodeMode;
import dev.atmosphere.schemas.NodeStatus;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiFunction;

/**
 * The public routing evaluation: 330 intents over the 17 capabilities of {@link PublicCatalogue}, routed by the
 * router's own {@link RoutePlanner} (facets, announced prompt vectors, relevance threshold, general fallback), with a
 * fixed TUNE split and a TEST split never tuned on. Reports top-1 with a 95 % Wilson interval, the NO_ROUTE rate and
 * the confusion pairs; and the plain-cosine baseline (intent against each capability's whole text) for comparison.
 */
public final class PublicRoutingEval {

  /** One labeled intent and where it went. */
  public record Case(String text, String expected, Set<String> accepted, String chosen, boolean test) {
    public boolean correct() {
      return chosen != null && accepted.contains(chosen);
    }
  }

  /** Figures of one split. */
  public record Split(String name, List<Case> cases) {
    public double accuracy() {
      return cases.isEmpty() ? 0 : (double) correct() / cases.size();
    }

    public long correct() {
      return cases.stream().filter(Case::correct).count();
    }

    public long noRoute() {
      return cases.stream().filter(c -> c.chosen() == null).count();
    }

    /** Wilson 95 % interval of the accuracy. */
    public double[] interval() {
      double n = cases.size();
      double p = accuracy();
      double z = 1.96;
      double centre = (p + z * z / (2 * n)) / (1 + z * z / n);
      double half = z * Math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n);
      return new double[] {centre - half, centre + half};
    }

    /** expected → chosen, most frequent first. */
    public Map<String, Integer> confusions() {
      Map<String, Integer> counts = new TreeMap<>();
      cases.stream().filter(c -> !c.correct()).forEach(c -> counts.merge(c.expected() + " → "
          + (c.chosen() == null ? "NO_ROUTE" : c.chosen()), 1, Integer::sum));
      Map<String, Integer> sorted = new LinkedHashMap<>();
      counts.entrySet().stream().sorted((a, b) -> b.getValue() - a.getValue())
          .forEach(e -> sorted.put(e.getKey(), e.getValue()));
      return sorted;
    }
  }

  private PublicRoutingEval() {}

  /** Every labeled intent, in file order, with its split. */
  public static List<String[]> labeled() {
    List<String[]> out = new ArrayList<>();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(
        PublicRoutingEval.class.getResourceAsStream("/eval/public/intents.tsv"), StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        if (!line.isBlank() && !line.startsWith("#")) {
          out.add(line.split("\t", 2));
        }
      }
    } catch (java.io.IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  static Set<String> accepted(String label) {
    return label.equals("general")
        ? Set.of("llamafarm:llm:" + PublicCatalogue.NAMESPACE + "/assistant", "ollama:llm:llama3.1:8b")
        : Set.of("llamafarm:rag:" + PublicCatalogue.NAMESPACE + "/" + label,
            "llamafarm:llm:" + PublicCatalogue.NAMESPACE + "/" + label);
  }

  /** Routes every intent with {@code planner}; the split is by line: every third line (0, 3, 6…) is TEST. */
  public static List<Case> run(Embedder embedder, RoutePlanner planner) {
    Instant now = Instant.parse("2026-11-27T10:00:00Z");
    NodeStatus status = NodeStatus.newBuilder().setNodeId("eval").setMode(NodeMode.PARTICIPANT).setLoad(0.5)
        .setQueueDepth(0).setInFlight(0).setMaxConcurrent(4).setWorkTopic("atmosphere.work.eval").setReportedAt(now)
        .setExpiresAt(now.plusSeconds(60)).setSequence(1).build();
    List<Candidate> table = PublicCatalogue.load(embedder).stream().map(c -> planner.candidate(c, status)).toList();
    return route(labeled(), (text, i) -> {
      Routed r = planner.plan(Intent.newBuilder().setIntentId("eval-" + i).setOriginNodeId("elsewhere")
          .setKind(IntentKind.CHAT).setText(text).setConstraints(IntentConstraints.newBuilder().build())
          .setCreatedAt(now).build(), table, now);
      return r.work() == null ? null : r.work().getCapabilityId();
    });
  }

  /**
   * Learning from use, measured honestly: the TUNE split's labels are replayed as feedback (each intent marked as
   * belonging to its capability), and the planner built with them routes every intent; only the TEST split's figures
   * say anything, as none of its intents was fed back.
   */
  public static List<Case> withTuneFeedback(Embedder embedder, java.util.function.Function<
      java.util.function.Supplier<Examples>, RoutePlanner> planner) {
    List<String[]> labeled = labeled();
    List<Examples.Example> examples = new ArrayList<>();
    for (int i = 0; i < labeled.size(); i++) {
      if (i % 3 != 0) {
        String label = labeled.get(i)[0];
        examples.add(new Examples.Example(embedder.embed(labeled.get(i)[1]), label.equals("general")
            ? "llamafarm:llm:" + PublicCatalogue.NAMESPACE + "/assistant" : idOf(label), 1));
      }
    }
    Examples learned = new Examples(examples, 10, 0.2, 1.0);
    return run(embedder, planner.apply(() -> learned));
  }

  private static String idOf(String project) {
    for (var p : PublicCatalogue.read("/eval/public/catalogue.json").path("projects")) {
      if (p.path("name").asText().equals(project)) {
        return (p.path("rag").asBoolean() ? "llamafarm:rag:" : "llamafarm:llm:") + PublicCatalogue.NAMESPACE + "/"
            + project;
      }
    }
    throw new IllegalArgumentException("no project " + project + " in the catalogue");
  }

  /** The baseline: the capability whose whole text (name, model description, prompt) is closest by cosine. */
  public static List<Case> plainCosine(Embedder embedder) {
    var root = PublicCatalogue.read("/eval/public/catalogue.json");
    Map<String, float[]> vectors = new LinkedHashMap<>();
    root.path("projects").forEach(p -> vectors.put((p.path("rag").asBoolean() ? "llamafarm:rag:" : "llamafarm:llm:")
        + PublicCatalogue.NAMESPACE + "/" + p.path("name").asText(), embedder.embed(p.path("name").asText() + ". "
        + p.path("description").asText("") + ". " + p.path("model").asText() + ". " + p.path("prompt").asText())));
    root.path("ollama").forEach(m -> vectors.put("ollama:llm:" + m.path("name").asText(),
        embedder.embed("General-purpose chat model " + m.path("name").asText())));
    return route(labeled(), (text, i) -> {
      float[] q = embedder.embed(text);
      return vectors.entrySet().stream().max(java.util.Comparator.comparingDouble(e -> Vectors.dot(q, e.getValue())))
          .map(Map.Entry::getKey).orElse(null);
    });
  }

  private static List<Case> route(List<String[]> labeled, BiFunction<String, Integer, String> choose) {
    List<Case> cases = new ArrayList<>();
    for (int i = 0; i < labeled.size(); i++) {
      String[] l = labeled.get(i);
      cases.add(new Case(l[1], l[0], accepted(l[0]), choose.apply(l[1], i), i % 3 == 0));
    }
    return cases;
  }

  public static Split tune(List<Case> cases) {
    return new Split("tune", cases.stream().filter(c -> !c.test()).toList());
  }

  public static Split test(List<Case> cases) {
    return new Split("test", cases.stream().filter(Case::test).toList());
  }
}
