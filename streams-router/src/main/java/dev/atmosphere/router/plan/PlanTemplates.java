package dev.atmosphere.router.plan;

import dev.atmosphere.schemas.CacheMode;
import dev.atmosphere.schemas.IntentConstraints;
import dev.atmosphere.schemas.IntentKind;
import dev.atmosphere.schemas.Plan;
import dev.atmosphere.schemas.PlanUnit;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Deterministic plans for the common shapes, no LLM needed: map-reduce summary of one document (chunks summarised in
 * parallel, then combined), comparison of several summaries, and retrieve-then-answer (a RAG query whose passages a
 * chat unit answers from). Chunks are cut at paragraph, then sentence, then word boundaries.
 */
public final class PlanTemplates {

  /** Characters per token used to turn a context length into a chunk size (English prose averages about 4). */
  public static final int CHARS_PER_TOKEN = 4;

  private PlanTemplates() {}

  /** Chunk size for a model with {@code contextTokens}: half the window for the text, the rest for the answer. */
  public static int chunkChars(int contextTokens) {
    return Math.max(500, contextTokens / 2 * CHARS_PER_TOKEN);
  }

  public static Plan summarize(String planId, String name, String text, String instructions, int chunkChars,
      Instant now) {
    String focus = instructions == null || instructions.isBlank() ? "" : " Focus on: " + instructions.strip() + ".";
    String title = name == null ? "the document" : "'" + name + "'";
    List<String> chunks = chunk(text, chunkChars);
    List<PlanUnit> units = new ArrayList<>();
    if (chunks.size() == 1) {
      units.add(unit("summary", "Summarise " + title + " in a few sentences." + focus + "\n\n" + chunks.get(0),
          List.of()));
    } else {
      List<String> parts = new ArrayList<>();
      StringBuilder combine = new StringBuilder("Combine these summaries of the " + chunks.size() + " parts of "
          + title + " into one summary of the whole document." + focus);
      for (int i = 0; i < chunks.size(); i++) {
        String id = "part-" + (i + 1);
        parts.add(id);
        units.add(unit(id, "Summarise part " + (i + 1) + " of " + chunks.size() + " of " + title + "." + focus
            + "\n\n" + chunks.get(i), List.of()));
        combine.append("\n\nPart ").append(i + 1).append(":\n{{").append(id).append("}}");
      }
      units.add(unit("summary", combine.toString(), parts));
    }
    return plan(planId, name, units, now);
  }

  /** One unit comparing already-made summaries (name → summary). */
  public static Plan compare(String planId, List<String[]> namedSummaries, Instant now) {
    StringBuilder text = new StringBuilder("Compare these " + namedSummaries.size()
        + " documents: what they have in common, where they differ, and which matters most.");
    for (String[] ns : namedSummaries) {
      text.append("\n\n").append(ns[0]).append(":\n").append(ns[1]);
    }
    return plan(planId, "comparison", List.of(unit("compare", text.toString(), List.of())), now);
  }

  /** A RAG query, then a chat unit that answers from what it retrieved. */
  public static Plan retrieveThenAnswer(String planId, String question, Instant now) {
    return plan(planId, question, List.of(
        PlanUnit.newBuilder().setUnitId("retrieve").setKind(IntentKind.RAG).setText(question).build(),
        unit("answer", "Answer the question using only these retrieved passages.\n\nPassages:\n{{retrieve}}"
            + "\n\nQuestion: " + question, List.of("retrieve"))), now);
  }

  public static PlanUnit unit(String id, String text, List<String> dependsOn) {
    return PlanUnit.newBuilder().setUnitId(id).setKind(IntentKind.CHAT).setText(text).setDependsOn(dependsOn).build();
  }

  public static Plan plan(String planId, String name, List<PlanUnit> units, Instant now) {
    return Plan.newBuilder().setPlanId(planId).setName(name).setUnits(units)
        .setConstraints(IntentConstraints.newBuilder().build()).setCache(CacheMode.DEFAULT).setCreatedAt(now).build();
  }

  /** Pieces of at most {@code max} characters, cut at the largest boundary that fits. */
  public static List<String> chunk(String text, int max) {
    List<String> out = new ArrayList<>();
    String rest = text.strip();
    while (rest.length() > max) {
      int cut = lastBoundary(rest, max);
      out.add(rest.substring(0, cut).strip());
      rest = rest.substring(cut).strip();
    }
    if (!rest.isEmpty() || out.isEmpty()) {
      out.add(rest);
    }
    return out;
  }

  private static int lastBoundary(String text, int max) {
    String window = text.substring(0, max);
    for (String boundary : new String[] {"\n\n", ". ", "\n", " "}) {
      int at = window.lastIndexOf(boundary);
      if (at > max / 2) {
        return at + boundary.length();
      }
    }
    return max;
  }
}
