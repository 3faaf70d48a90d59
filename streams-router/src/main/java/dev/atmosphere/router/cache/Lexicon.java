package dev.atmosphere.router.cache;

import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import net.sf.extjwnl.JWNLException;
import net.sf.extjwnl.data.IndexWord;
import net.sf.extjwnl.data.POS;
import net.sf.extjwnl.data.Pointer;
import net.sf.extjwnl.data.PointerType;
import net.sf.extjwnl.data.Synset;
import net.sf.extjwnl.data.Word;
import net.sf.extjwnl.dictionary.Dictionary;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What WordNet 3.1 (shipped as a Maven artifact, read in-process, no download) knows about two words: their base
 * forms, whether they share a meaning (synonyms), are each other's opposite (antonyms) or are two named things of one
 * kind (France and Spain, both a European country). Sentence embeddings cannot tell these apart — "increase" and
 * "decrease" are as close as "team" and "club" — so the cache's second stage asks here. Loaded once, on first use
 * (about 0.4 s); when it cannot load, every question is treated as unknown words, which makes the second stage
 * refuse rather than guess.
 */
final class Lexicon {

  private static final Logger log = LoggerFactory.getLogger(Lexicon.class);
  private static final POS[] ALL = {POS.NOUN, POS.VERB, POS.ADJECTIVE, POS.ADVERB};

  private final Dictionary dictionary;

  private Lexicon(Dictionary dictionary) {
    this.dictionary = dictionary;
  }

  private static final class Holder {
    static final Lexicon INSTANCE = load();
  }

  static Lexicon get() {
    return Holder.INSTANCE;
  }

  private static Lexicon load() {
    try {
      return new Lexicon(Dictionary.getDefaultResourceInstance());
    } catch (JWNLException | RuntimeException e) {
      log.warn("WordNet could not be loaded ({}); the cache's second stage refuses every candidate", e.toString());
      return new Lexicon(null);
    }
  }

  boolean available() {
    return dictionary != null;
  }

  /**
   * What WordNet says about one word, looked up once: its base forms and derived forms (summarize for summary), its
   * senses, the lemmas of its antonyms, the classes its senses are instances of, and whether it is only ever a common word
   * (every sense written in lower case: "remotely", "windows"; not "Japan", which is also japan, nor "Asian", "Nike"
   * or a word WordNet does not know).
   */
  record Entry(Set<String> lemmas, Set<String> senses, Set<String> antonyms, Set<String> classes,
      boolean lowerCaseOnly, Set<String> opposite, Set<String> heads) {}

  private static final int MEMO = 50_000;
  private final Map<String, Entry> memo = new LinkedHashMap<>(1024, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
      return size() > MEMO;
    }
  };

  /** The word's entry (for a word WordNet does not know: the lower-case word as its only lemma, nothing else). */
  synchronized Entry entry(String word) {
    String key = word.toLowerCase(Locale.ROOT);
    Entry known = memo.get(key);
    if (known == null) {
      known = lookUp(key);
      memo.put(key, known);
    }
    return known;
  }

  /** One sense of each word is the same synset. */
  static boolean synonyms(Entry a, Entry b) {
    return !Collections.disjoint(a.senses(), b.senses());
  }

  /** WordNet lists one as the other's antonym (cheap/expensive, increase/decrease, advantage/disadvantage). */
  static boolean antonyms(Entry a, Entry b) {
    return !Collections.disjoint(a.antonyms(), b.lemmas()) || !Collections.disjoint(b.antonyms(), a.lemmas())
        || meets(a.opposite(), b) || meets(b.opposite(), a);
  }

  /** Whether one of {@code senses} is a sense of {@code b} or the head its adjective sense is similar to. */
  private static boolean meets(Set<String> senses, Entry b) {
    return !Collections.disjoint(senses, b.senses()) || !Collections.disjoint(senses, b.heads());
  }

  /**
   * Two named things of one kind: a sense of each is an instance of the same class (France and Spain, Paris and
   * London, Beethoven and Mozart). Common words that merely share a parent (build/create, data/contents) are not
   * counted: rewordings swap those all the time.
   */
  static boolean siblings(Entry a, Entry b) {
    return !Collections.disjoint(a.classes(), b.classes()) && !synonyms(a, b);
  }

  /** British -ise spellings WordNet knows only as -ize (summarise, organisation). */
  private static final java.util.regex.Pattern ISE = java.util.regex.Pattern.compile("is(e|es|ed|ing|ation|ations)$");

  private Entry lookUp(String word) {
    Set<String> lemmas = new LinkedHashSet<>();
    Set<String> senses = new HashSet<>();
    Set<String> antonyms = new HashSet<>();
    Set<String> classes = new HashSet<>();
    Set<String> opposite = new HashSet<>(); // the senses of its antonyms, and of its heads' antonyms (below)
    Set<String> heads = new HashSet<>();
    boolean lower = false;
    boolean capitalised = false;
    lemmas.add(word);
    String spelled = ISE.matcher(word).find() && !knows(word) ? ISE.matcher(word).replaceFirst("iz$1") : word;
    for (POS pos : ALL) {
      IndexWord w = index(pos, spelled);
      if (w == null) {
        continue;
      }
      String lemma = w.getLemma().toLowerCase(Locale.ROOT);
      lemmas.add(lemma);
      for (Synset s : w.getSenses()) {
        senses.add(pos.getKey() + s.getOffset());
        if (pos == POS.ADJECTIVE) { // pricey is similar to expensive, whose antonym is cheap: so are pricey and cheap
          s.getPointers(PointerType.SIMILAR_TO).forEach(p -> {
            if (target(p) instanceof Synset head) {
              heads.add(pos.getKey() + head.getOffset()); // not a sense: satellites of one head are not synonyms
              head.getWords().forEach(h -> h.getPointers(PointerType.ANTONYM).forEach(a -> opposite.add(key(a))));
            }
          });
        }
        for (Word member : s.getWords()) {
          if (member.getLemma().equalsIgnoreCase(lemma)) {
            lower |= member.getLemma().equals(lemma);
            capitalised |= !member.getLemma().equals(lemma);
            member.getPointers(PointerType.ANTONYM).forEach(p -> {
              if (target(p) instanceof Word t) {
                antonyms.add(t.getLemma().toLowerCase(Locale.ROOT));
                opposite.add(key(p)); // allow's antonym disallow shares a sense with forbid
              }
            });
            member.getPointers(PointerType.DERIVATION).forEach(p -> { // summarize ~ summary, cancer ~ cancerous
              if (target(p) instanceof Word t) {
                lemmas.add(t.getLemma().toLowerCase(Locale.ROOT));
              }
            });
          }
        }
        if (pos == POS.NOUN) {
          s.getPointers(PointerType.INSTANCE_HYPERNYM).forEach(p -> {
            if (target(p) instanceof Synset c) {
              classes.add(Long.toString(c.getOffset()));
            }
          });
        }
      }
    }
    Entry entry = new Entry(lemmas, senses, antonyms, classes, lower && !capitalised, opposite, heads);
    String base = comparativeBase(word);
    return base == null ? entry : merged(entry, lookUp(base));
  }

  /** The synset of a pointer's target, as {@code senses} holds them. */
  private static String key(Pointer p) {
    return target(p) instanceof Word t ? t.getSynset().getPOS().getKey() + t.getSynset().getOffset()
        : target(p) instanceof Synset s ? s.getPOS().getKey() + s.getOffset() : "";
  }

  private static final java.util.regex.Pattern COMPARATIVE = java.util.regex.Pattern.compile("^(\\p{L}{2,}?)(i?)(er|est)$");

  /**
   * bigger → big, younger → young, larger → large, easiest → easy: a form WordNet lists without its opposites. Not a
   * word WordNet knows as a noun or verb (number is not more numb, a user not more us).
   */
  private String comparativeBase(String word) {
    java.util.regex.Matcher m = COMPARATIVE.matcher(word);
    if (!m.find() || index(POS.NOUN, word) != null || index(POS.VERB, word) != null) {
      return null;
    }
    String stem = m.group(1) + (m.group(2).isEmpty() ? "" : "y");
    for (String base : List.of(stem, stem + "e", stem.length() > 2 && stem.charAt(stem.length() - 1)
        == stem.charAt(stem.length() - 2) ? stem.substring(0, stem.length() - 1) : stem)) {
      if (!base.equals(word) && index(POS.ADJECTIVE, base) != null) {
        return base;
      }
    }
    return null;
  }

  private static Entry merged(Entry a, Entry b) {
    return new Entry(union(a.lemmas(), b.lemmas()), union(a.senses(), b.senses()), union(a.antonyms(), b.antonyms()),
        union(a.classes(), b.classes()), a.lowerCaseOnly(), union(a.opposite(), b.opposite()),
        union(a.heads(), b.heads()));
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    Set<String> out = new LinkedHashSet<>(a);
    out.addAll(b);
    return out;
  }

  private boolean knows(String word) {
    for (POS pos : ALL) {
      if (index(pos, word) != null) {
        return true;
      }
    }
    return false;
  }

  private static Object target(Pointer p) {
    try {
      return p.getTarget();
    } catch (JWNLException e) {
      return null;
    }
  }

  private IndexWord index(POS pos, String word) {
    if (dictionary == null || word.isBlank()) {
      return null;
    }
    try {
      return dictionary.lookupIndexWord(pos, word);
    } catch (JWNLException | RuntimeException e) {
      return null;
    }
  }
}
