package dev.atmosphere.router.cache;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The semantic cache's second stage, for a stored question that is close to the new one but below the cache's
 * similarity: does the rewording keep the meaning? The content words of each text (function words dropped, base forms
 * from {@link Lexicon}) are matched across, directly or as synonyms; what is left on each side decides. A swap of two
 * opposites (cheap/expensive), of two named things of one kind (France/Spain, Paris/London), of one word for one other word
 * WordNet does not call synonyms (postgres/mysql), or the same words with two of them swapped (from English to German /
 * from German to English) is a different question. Anything else — a real rewording, where several words change — passes.
 * The thresholds and rules were chosen on the first half of the public paraphrase pairs and the project's near-miss
 * pairs; {@code ./atmosphere bench --only cache} reports the second half and a held-out near-miss set.
 */
public final class WordContrast {

  private static final Pattern WORD = Pattern.compile("[\\p{L}][\\p{L}\\p{N}'’-]*|\\d+(?:[.,]\\d+)*");
  /** Function words only: question words, comparatives and before/after carry meaning and stay. */
  private static final Set<String> STOP = Set.of("a", "an", "the", "is", "are", "was", "were", "be", "been", "being",
      "am", "do", "does", "did", "i", "me", "my", "mine", "we", "our", "us", "you", "your", "it", "its", "this",
      "that", "these", "those", "of", "in", "on", "at", "for", "with", "by", "about", "as", "and", "or", "but", "if",
      "so", "can", "could", "would", "should", "will", "shall", "may", "might", "must", "have", "has", "had", "there",
      "please", "some", "any", "just", "also", "very", "really", "to", "from", "into", "than", "then", "up", "out",
      "get", "got", "make", "give", "tell", "let", "s", "what's", "it's", "i'm", "which", "that's");

  private WordContrast() {}

  /** Null when {@code a} (the new question) rewords {@code b} (the stored one) without changing its meaning as far as
   * words can tell; otherwise what differs. */
  public static String between(String a, String b) {
    Lexicon lexicon = Lexicon.get();
    if (!lexicon.available()) {
      return "no lexicon to compare words with";
    }
    List<String> x = content(a);
    List<String> y = content(b);
    List<Lexicon.Entry> xe = x.stream().map(lexicon::entry).toList();
    List<Lexicon.Entry> ye = y.stream().map(lexicon::entry).toList();
    List<Integer> xAt = matches(xe, ye);
    List<Integer> yAt = matches(ye, xe);
    List<String> onlyX = unmatched(x, xAt);
    List<String> onlyY = unmatched(y, yAt);
    for (String u : onlyX) {
      for (String v : onlyY) {
        Lexicon.Entry ue = lexicon.entry(u);
        Lexicon.Entry ve = lexicon.entry(v);
        if (Lexicon.antonyms(ue, ve)) {
          return "'" + u + "' and '" + v + "' are opposites";
        }
        if (Lexicon.siblings(ue, ve)) {
          return "'" + u + "' and '" + v + "' are different things of one kind";
        }
      }
    }
    if (onlyX.size() == 1 && onlyY.size() == 1) {
      return "'" + onlyX.get(0) + "' instead of '" + onlyY.get(0) + "'";
    }
    if (onlyX.isEmpty() && onlyY.isEmpty() && transposed(xAt)) {
      return "the same words with two of them swapped";
    }
    return null;
  }

  /** Whether WordNet could be loaded; without it every rewording is refused (see {@link #between}). */
  public static boolean available() {
    return Lexicon.get().available();
  }

  /** Loads the lexicon (about 0.4 s) so the first lookup that needs it does not wait. */
  public static void warmUp() {
    Lexicon.get().entry("warm");
  }

  /** Content words in order, lower case, without function words. */
  static List<String> content(String text) {
    List<String> out = new ArrayList<>();
    Matcher m = WORD.matcher(text);
    while (m.find()) {
      String w = m.group().toLowerCase(Locale.ROOT).replace('’', '\'');
      if (!STOP.contains(w)) {
        out.add(w.endsWith("'s") ? w.substring(0, w.length() - 2) : w);
      }
    }
    return out;
  }

  /** For each word of {@code from}, the position of its first match in {@code in}, or -1. */
  private static List<Integer> matches(List<Lexicon.Entry> from, List<Lexicon.Entry> in) {
    List<Integer> at = new ArrayList<>();
    for (Lexicon.Entry w : from) {
      int found = -1;
      for (int i = 0; i < in.size() && found < 0; i++) {
        if (!Collections.disjoint(w.lemmas(), in.get(i).lemmas()) || Lexicon.synonyms(w, in.get(i))) {
          found = i;
        }
      }
      at.add(found);
    }
    return at;
  }

  private static List<String> unmatched(List<String> words, List<Integer> at) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < words.size(); i++) {
      if (at.get(i) < 0 && !out.contains(words.get(i))) {
        out.add(words.get(i));
      }
    }
    return out;
  }

  /**
   * Exactly two words trade places (dolphin … shark / shark … dolphin, from English to German / from German to
   * English); a rewording that moves many words around is not a swap.
   */
  private static boolean transposed(List<Integer> at) {
    List<Integer> moved = new ArrayList<>();
    for (int i = 0; i < at.size(); i++) {
      if (at.get(i) != i) {
        moved.add(i);
      }
    }
    return moved.size() == 2 && at.get(moved.get(0)).equals(moved.get(1)) && at.get(moved.get(1)).equals(moved.get(0));
  }
}
