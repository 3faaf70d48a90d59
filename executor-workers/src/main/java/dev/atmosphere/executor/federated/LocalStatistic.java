package dev.atmosphere.executor.federated;

import dev.atmosphere.common.privacy.Mechanisms;
import dev.atmosphere.schemas.FederatedSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.random.RandomGenerator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a node's own answer to a federated question into the declared statistic and noises it — on the node, before
 * anything is written. The question goes to the local capability with an instruction for the shape of the answer
 * (a number; one value or category per record; one category). What the model says outside that shape is ignored:
 * the statistic, not the text, is what leaves the node, and its sensitivity is bounded by clamping and the declared
 * categories whatever the model says.
 */
public final class LocalStatistic {

  private static final Pattern INTEGER = Pattern.compile("-?\\d+");

  private LocalStatistic() {}

  /** The question with the instruction for the answer's shape. */
  public static String prompt(String question, FederatedSpec spec) {
    String categories = String.join(", ", spec.getCategories());
    return question + "\n\n" + switch (spec.getAggregation()) {
      case COUNT -> "Answer with one whole number only: how many of your records match.";
      case SUM, MEAN -> "For each matching record give its value as a whole number, one per line, nothing else.";
      case HISTOGRAM -> "For each matching record give its category, one per line, using only: " + categories + ".";
      case VOTE -> "Answer with exactly one of: " + categories + ".";
    };
  }

  /** The noised release of {@code answer}; IllegalArgumentException when the answer holds no usable statistic. */
  public static Mechanisms.Release release(String answer, FederatedSpec spec, RandomGenerator random) {
    double e = spec.getEpsilon();
    return switch (spec.getAggregation()) {
      case COUNT -> Mechanisms.count(integers(answer).stream().findFirst()
          .orElseThrow(() -> new IllegalArgumentException("the answer holds no number")), e, random);
      case SUM -> Mechanisms.sum(integers(answer), spec.getLower(), spec.getUpper(), e, random);
      case MEAN -> Mechanisms.mean(integers(answer), spec.getLower(), spec.getUpper(), e, random);
      case HISTOGRAM -> Mechanisms.histogram(bins(answer, spec.getCategories()), e, random);
      case VOTE -> Mechanisms.vote(firstCategory(answer, spec.getCategories()), spec.getCategories().size(), e, random);
    };
  }

  static List<Long> integers(String answer) {
    List<Long> out = new ArrayList<>();
    Matcher m = INTEGER.matcher(answer == null ? "" : answer);
    while (m.find()) {
      try {
        out.add(Long.parseLong(m.group()));
      } catch (NumberFormatException e) {
        out.add(m.group().startsWith("-") ? Long.MIN_VALUE / 4 : Long.MAX_VALUE / 4); // clamped later
      }
    }
    return out;
  }

  /** Each line counts for the first declared category it names (one category per record). */
  static long[] bins(String answer, List<String> categories) {
    long[] bins = new long[categories.size()];
    for (String line : (answer == null ? "" : answer).split("\\R")) {
      int i = firstCategory(line, categories);
      if (i >= 0) {
        bins[i]++;
      }
    }
    return bins;
  }

  /** Index of the category named earliest in {@code text} (whole words, any case), or −1. */
  static int firstCategory(String text, List<String> categories) {
    String t = (text == null ? "" : text).toLowerCase(Locale.ROOT);
    int best = -1;
    int at = Integer.MAX_VALUE;
    for (int i = 0; i < categories.size(); i++) {
      Matcher m = Pattern.compile("\\b" + Pattern.quote(categories.get(i).toLowerCase(Locale.ROOT)) + "\\b").matcher(t);
      if (m.find() && m.start() < at) {
        at = m.start();
        best = i;
      }
    }
    return best;
  }
}
