package dev.atmosphere.router.cache;

import java.util.List;
import java.util.Set;

/**
 * What the guard counts as a name, and when two texts name the same thing. Capitalisation alone over-counts in text
 * people type ("How can I Remotely hack…", "the Bay Area During Fall"), and a name's own endings (Google, Googling) are
 * not a different name; both used to refuse true paraphrases (Quora duplicates) as "names differ".
 */
final class Names {

  private Names() {}

  /** Words that are never a name, even capitalised mid-sentence ("… in the Bay Area During Fall"). */
  private static final Set<String> NEVER_NAMES = Set.of("during", "before", "after", "between", "under", "over",
      "through", "within", "without", "across", "against", "among", "around", "why", "how", "what", "when", "where",
      "who", "whom", "whose", "which");

  /** Endings that keep a name the same thing: Google / Googling, Python / Pythonic, Preprocess / Preprocessing. */
  private static final List<String> ENDINGS = List.of("s", "es", "ing", "ed", "er", "ers", "ic", "ian", "ians", "ese",
      "ish");

  /** Whether {@code words} name {@code name}, as it is or with one of {@link #ENDINGS} on either side. */
  static boolean mentions(Set<String> words, String name) {
    if (words.contains(name)) {
      return true;
    }
    for (String ending : ENDINGS) {
      String stem = name.endsWith(ending) ? name.substring(0, name.length() - ending.length()) : "";
      if (words.contains(name + ending) || stem.length() >= 4 && (words.contains(stem) || words.contains(stem + "e"))
          || name.endsWith("e") && words.contains(name.substring(0, name.length() - 1) + ending)) { // Googling
        return true;
      }
    }
    return false;
  }

  /** A capitalised word is a name unless it is a function word or a common word WordNet writes in lower case. */
  static boolean isName(String word, String lower) {
    if (!Character.isUpperCase(word.charAt(0)) || lower.equals("i") || lower.startsWith("i'")
        || NEVER_NAMES.contains(lower)) {
      return false;
    }
    Lexicon lexicon = Lexicon.get();
    return !lexicon.available() || !lexicon.entry(lower).lowerCaseOnly();
  }
}
