package dev.atmosphere.router.cache;

import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The second check of a semantic-cache hit. Sentence embeddings put "capital of France" next to "capital of Spain",
 * "5 miles" next to "50 miles" and "safe for dogs" next to "not safe for dogs": the meaning of a question often
 * hangs on one entity, number or negation that barely moves the vector. Two texts agree when they name the same
 * numbers, the same capitalised names (not counting the first word of a sentence) and the same polarity.
 * The bench measures what it catches on near-miss pairs and what it costs on true paraphrases.
 */
public final class FalseHitGuard {

  private static final Pattern NUMBER = Pattern.compile("\\d+(?:[.,]\\d+)*");
  private static final Pattern WORD = Pattern.compile("[\\p{L}][\\p{L}\\p{N}'’-]*");
  private static final Set<String> NEGATIONS = Set.of("not", "no", "never", "none", "nobody", "nothing", "neither",
      "nor", "without", "cannot", "can't", "won't", "don't", "doesn't", "didn't", "isn't", "aren't", "wasn't",
      "weren't", "shouldn't", "wouldn't", "couldn't", "hasn't", "haven't", "hadn't", "mustn't");
  private static final Set<String> NUMBER_WORDS = Set.of("zero", "one", "two", "three", "four", "five", "six", "seven",
      "eight", "nine", "ten", "eleven", "twelve", "twenty", "thirty", "hundred", "thousand", "million", "billion",
      "first", "second", "third", "fourth", "fifth", "half", "double", "twice");

  private FalseHitGuard() {}

  /** What must agree between two texts: numbers, capitalised names, polarity, and every word (for name lookup). */
  record Signature(Set<String> numbers, Set<String> names, boolean negated, Set<String> words) {}

  /** Null when the texts agree, else the first disagreement in words. */
  public static String disagreement(String a, String b) {
    Signature x = signature(a);
    Signature y = signature(b);
    if (!x.numbers().equals(y.numbers())) {
      return "numbers differ: " + x.numbers() + " vs " + y.numbers();
    }
    // a name counts when capitalised mid-sentence in either text, so "Hamlet" opening one question still matches
    Set<String> names = new TreeSet<>(x.names());
    names.addAll(y.names());
    for (String name : names) {
      if (x.words().contains(name) != y.words().contains(name)) {
        return "names differ: " + x.names() + " vs " + y.names();
      }
    }
    if (x.negated() != y.negated()) {
      return "one is negated, the other not";
    }
    return null;
  }

  static Signature signature(String text) {
    Set<String> numbers = new TreeSet<>();
    Matcher n = NUMBER.matcher(text);
    while (n.find()) {
      numbers.add(n.group().replace(",", ""));
    }
    Set<String> names = new TreeSet<>();
    Set<String> words = new TreeSet<>();
    int negations = 0;
    boolean sentenceStart = true;
    Matcher w = WORD.matcher(text);
    int last = 0;
    while (w.find()) {
      String between = text.substring(last, w.start());
      if (between.matches(".*[.!?:;\\n].*")) {
        sentenceStart = true;
      }
      String word = w.group();
      String lower = word.toLowerCase(Locale.ROOT).replace('’', '\'').replaceAll("'s$", "");
      words.add(lower);
      if (NEGATIONS.contains(lower) || lower.endsWith("n't")) {
        negations++;
      } else if (NUMBER_WORDS.contains(lower)) {
        numbers.add(lower);
      } else if (!sentenceStart && Character.isUpperCase(word.charAt(0)) && !lower.equals("i")) {
        names.add(lower);
      }
      sentenceStart = false;
      last = w.end();
    }
    return new Signature(numbers, names, negations % 2 == 1, words);
  }
}
