package dev.atmosphere.common.embed;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The parts of a capability's text that are embedded on their own. One vector of a long text averages its topics
 * away (MiniLM mean-pools), so a text is also represented by each sentence and each item of its lists: "Review
 * agreements, explain clauses, indemnities and governing law" gives "indemnities" a vector of its own. With
 * {@code context}, a list item keeps the text's first sentence in front of it ("You are a contracts lawyer:
 * indemnities"), so a one-word item still says whose it is.
 */
public final class TextParts {

  /** The most parts a capability announces as vectors (an announcement must stay well under 64 KB). */
  public static final int MAX_ANNOUNCED = 32;

  private TextParts() {}

  /** Sentences and list items of {@code text}, in order, without repeats. */
  public static List<String> of(String text, boolean context) {
    Set<String> parts = new LinkedHashSet<>();
    String[] sentences = text.split("[.;:]\\s+|\\.$");
    String first = sentences.length == 0 ? "" : sentences[0].strip();
    for (String sentence : sentences) {
      String s = sentence.strip();
      if (s.length() >= 3) {
        parts.add(s);
      }
      for (String item : s.split(",\\s*|\\s+and\\s+")) {
        String i = item.strip();
        if (i.length() >= 3 && !i.equals(s)) {
          parts.add(context ? first + ": " + i : i);
        }
      }
    }
    return new ArrayList<>(parts);
  }
}
