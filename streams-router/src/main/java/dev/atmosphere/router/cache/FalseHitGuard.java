package dev.atmosphere.router.cache;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The second check of a semantic-cache hit. Sentence embeddings put "capital of France" next to "capital of Spain",
 * "5 miles" next to "50 miles" and "safe for dogs" next to "not safe for dogs": the meaning of a question often
 * hangs on one entity, number or negation that barely moves the vector. Two texts agree when they name the same
 * numbers, the same capitalised names (not counting the first word of a sentence), the same polarity and, when both
 * quantify, the same quantity ("all birds" is not "some birds", "many startups" not "few": function words that
 * embeddings barely see). Saying no quantity is not a disagreement ("all the ways to" rewords "the ways to").
 * Nor may a particle that turns a verb around differ (turn on / turn off, scale up / scale down).
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

  /** Quantity words by what they claim; two texts that both quantify must claim the same. */
  private static final java.util.Map<String, String> QUANTITIES = quantities();

  /** Particles that turn a verb into its opposite: turn on / turn off, zoom in / zoom out, scale up / scale down. */
  private static final java.util.Map<String, String> OPPOSITE_PARTICLES = java.util.Map.of("on", "off", "off", "on",
      "up", "down", "down", "up", "in", "out", "out", "in");
  /** "in" and "out" are prepositions more often than particles ("find out … in Windows"): they count after one verb. */
  private static final Set<String> AFTER_THE_SAME_WORD = Set.of("in", "out");

  private FalseHitGuard() {}

  private static java.util.Map<String, String> quantities() {
    java.util.Map<String, String> out = new java.util.HashMap<>();
    for (String w : List.of("all", "every", "each", "everyone", "everybody", "everything", "always")) {
      out.put(w, "all");
    }
    for (String w : List.of("some", "any", "someone", "somebody", "something", "anyone", "anybody", "anything",
        "sometimes", "several")) {
      out.put(w, "some");
    }
    for (String w : List.of("most", "mostly", "many", "much", "often", "usually")) {
      out.put(w, "many");
    }
    for (String w : List.of("few", "fewer", "least", "rarely", "seldom")) {
      out.put(w, "few");
    }
    out.put("more", "more");
    out.put("less", "less");
    return out;
  }

  /** What must agree between two texts: numbers, capitalised names, polarity, and every word (for name lookup). */
  record Signature(Set<String> numbers, Set<String> names, boolean negated, Set<String> words,
      Set<String> quantities, Set<String> particles) {}

  /** "zoom out" for "zoom in", "off" for "on". */
  private static String opposite(String turn) {
    int space = turn.indexOf(' ');
    return space < 0 ? OPPOSITE_PARTICLES.get(turn)
        : turn.substring(0, space + 1) + OPPOSITE_PARTICLES.get(turn.substring(space + 1));
  }

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
    for (String turn : x.particles()) {
      String opposite = opposite(turn);
      if (y.particles().contains(opposite) && !x.particles().contains(opposite) && !y.particles().contains(turn)) {
        return "'" + turn + "' and '" + opposite + "' point opposite ways";
      }
    }
    if (!x.quantities().isEmpty() && !y.quantities().isEmpty() && !x.quantities().equals(y.quantities())) {
      return "quantities differ: " + x.quantities() + " vs " + y.quantities();
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
    Set<String> quantities = new TreeSet<>();
    Set<String> particles = new TreeSet<>();
    String previous = "";
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
      if (OPPOSITE_PARTICLES.containsKey(lower)) {
        particles.add(AFTER_THE_SAME_WORD.contains(lower) ? previous + " " + lower : lower);
      }
      previous = lower;
      if (QUANTITIES.containsKey(lower)) {
        quantities.add(QUANTITIES.get(lower));
      }
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
    return new Signature(numbers, names, negations % 2 == 1, words, quantities, particles);
  }
}
