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
 * Read as people write: "two" is "2", "one" counts only when the other text counts too ("how can one…" is a
 * pronoun), "or not", "not only" and an answer's "No," do not negate, "without" negates only against "with" or another
 * negation, and what is a name is decided by {@link Names}. Those readings were chosen on the tuning halves of the
 * public paraphrase pairs (true Quora duplicates refused for them) with the near-miss tuning set as the check.
 * The bench measures what it catches on near-miss pairs and what it costs on true paraphrases.
 */
public final class FalseHitGuard {

  /** 1,000 and 3.5 are one number each; "500,1000" is two. */
  private static final Pattern NUMBER = Pattern.compile("\\d+(?:,\\d{3}(?!\\d))*(?:\\.\\d+)?");
  private static final Pattern WORD = Pattern.compile("[\\p{L}][\\p{L}\\p{N}'’-]*");
  private static final Set<String> NEGATIONS = Set.of("not", "no", "never", "none", "nobody", "nothing", "neither",
      "nor", "cannot", "can't", "won't", "don't", "doesn't", "didn't", "isn't", "aren't", "wasn't",
      "weren't", "shouldn't", "wouldn't", "couldn't", "hasn't", "haven't", "hadn't", "mustn't");
  /** Number words as the digits they are, so "two words" is "2 words" ("one" apart: see {@link #disagreement}). */
  private static final java.util.Map<String, String> NUMBER_WORDS = java.util.Map.ofEntries(
      java.util.Map.entry("zero", "0"), java.util.Map.entry("two", "2"), java.util.Map.entry("three", "3"),
      java.util.Map.entry("four", "4"), java.util.Map.entry("five", "5"), java.util.Map.entry("six", "6"),
      java.util.Map.entry("seven", "7"), java.util.Map.entry("eight", "8"), java.util.Map.entry("nine", "9"),
      java.util.Map.entry("ten", "10"), java.util.Map.entry("eleven", "11"), java.util.Map.entry("twelve", "12"),
      java.util.Map.entry("twenty", "20"), java.util.Map.entry("thirty", "30"), java.util.Map.entry("hundred", "100"),
      java.util.Map.entry("thousand", "1000"), java.util.Map.entry("million", "million"),
      java.util.Map.entry("billion", "billion"), java.util.Map.entry("first", "1"), java.util.Map.entry("second", "2"),
      java.util.Map.entry("third", "3"), java.util.Map.entry("fourth", "4"), java.util.Map.entry("fifth", "5"),
      java.util.Map.entry("half", "half"), java.util.Map.entry("double", "double"), java.util.Map.entry("twice", "twice"));

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
      Set<String> quantities, Set<String> particles, boolean one, boolean without) {}

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
    // "one" is a number when the other text counts too ("one or two"), else a pronoun ("how can one …")
    Set<String> xn = counted(x, y);
    Set<String> yn = counted(y, x);
    if (!xn.equals(yn)) {
      return "numbers differ: " + xn + " vs " + yn;
    }
    // a name counts when capitalised mid-sentence in either text, so "Hamlet" opening one question still matches
    Set<String> names = new TreeSet<>(x.names());
    names.addAll(y.names());
    for (String name : names) {
      if (Names.mentions(x.words(), name) != Names.mentions(y.words(), name)) {
        return "names differ: " + x.names() + " vs " + y.names();
      }
    }
    // "without" may negate ("don't use jargon" ~ "without jargon") or not ("without knowing" ~ "accidentally")
    if (x.negated() != y.negated() && (x.negated() ^ x.without()) != (y.negated() ^ y.without())) {
      return "one is negated, the other not";
    }
    // "without" turns "with" around ("coffee with sugar"); alone it rewords ("without knowing" ~ "accidentally")
    if (x.without() != y.without() && (x.without() ? y : x).words().contains("with")) {
      return "one says with, the other without";
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

  /** Whether the next word after {@code end} is {@code word} ("not only"). */
  private static boolean nextIs(String text, int end, String word) {
    int i = end;
    while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
      i++;
    }
    return text.regionMatches(true, i, word, 0, word.length())
        && (i + word.length() == text.length() || !Character.isLetter(text.charAt(i + word.length())));
  }

  private static Set<String> counted(Signature s, Signature other) {
    if (!s.one() || other.numbers().isEmpty() && !other.one()) {
      return s.numbers();
    }
    Set<String> out = new TreeSet<>(s.numbers());
    out.add("1");
    return out;
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
    boolean one = false;
    boolean without = false;
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
      String before = previous;
      previous = lower;
      if (QUANTITIES.containsKey(lower)) {
        quantities.add(QUANTITIES.get(lower));
      }
      boolean counts = false;
      for (String part : lower.split("-")) { // "two-way" counts as "2-way" does
        if (NUMBER_WORDS.containsKey(part)) {
          numbers.add(NUMBER_WORDS.get(part));
          counts = true;
        }
        one |= part.equals("one");
        counts |= part.equals("one");
      }
      boolean saysNo = NEGATIONS.contains(lower) || lower.endsWith("n't");
      if (saysNo && (lower.equals("no") && sentenceStart && text.startsWith(",", w.end()) // "No, it doesn't exist"
          || lower.equals("not") && (before.equals("or") || nextIs(text, w.end(), "only")))) { // "or not", "not only"
        saysNo = false;
      }
      if (saysNo) {
        negations++;
      } else if (lower.equals("without")) {
        without = true;
      } else if (!counts && !sentenceStart && Names.isName(word, lower)) {
        names.add(lower);
      }
      sentenceStart = false;
      last = w.end();
    }
    return new Signature(numbers, names, negations % 2 == 1, words, quantities, particles, one, without);
  }
}
