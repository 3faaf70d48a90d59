package dev.atmosphere.router.scoring;

import dev.atmosphere.common.embed.SignSketch;
import dev.atmosphere.schemas.CapabilityType;
import dev.atmosphere.schemas.Intent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Scoring a gradient table too large to score row by row within an interactive budget (beyond
 * {@value #EXACT_UP_TO} capabilities; 100,000 capabilities of 6 facets are 600,000 dot products per intent). Each
 * capability carries a 256-bit sign sketch of its facets, made once when it is announced; an intent's similarity to
 * every row is first estimated from the sketches (XOR and popcount), and only the {@value #SHORTLIST} rows estimated
 * nearest are scored exactly, through the same filters and factors as a small table. When fewer than
 * {@value #ENOUGH_ELIGIBLE} of them are eligible and hard filters (a local-only intent, a pinned model, dead nodes)
 * rejected some that were relevant enough, the hard filters run over every row and the {@value #SHORTLIST} best
 * estimated rows that pass them are scored too — a filter costs such a decision one more pass, it does not lose
 * the only eligible row. The field's mean and spread, which decide who is a specialist, come from an exact sample of
 * {@value #SAMPLE} rows. Rows never scored are not listed in the decision. Approximate: a row whose estimate falls
 * outside the shortlist although its exact score would have won is missed (measured by the scoring bench and
 * {@code LargeTableTest}); non-semantic intents and pinned capabilities are scored exactly.
 */
final class LargeTable {

  static final int EXACT_UP_TO = 2_048;
  static final int SHORTLIST = 512;
  static final int ENOUGH_ELIGIBLE = 16;
  static final int SAMPLE = 256;
  private static final SignSketch SKETCH = new SignSketch(256, 0x5C0_4E5L);
  static final int WORDS = 4; // longs per facet sketch: estimated() reads them so

  private LargeTable() {}

  /** The facets' sketches, one after another, as the gradient index keeps them with each capability. */
  static long[] sketch(List<float[]> facets) {
    long[] out = new long[facets.size() * WORDS];
    for (int f = 0; f < facets.size(); f++) {
      SKETCH.sketch(facets.get(f), out, f * WORDS);
    }
    return out;
  }

  static boolean applies(Intent intent, boolean semantic, List<Candidate> candidates) {
    return semantic && candidates.size() > EXACT_UP_TO && intent.getPinnedCapabilityId() == null;
  }

  static List<ScoredCandidate> score(Scorer scorer, Intent intent, float[] intentVector, List<Candidate> candidates,
      Instant now, boolean wantsDepth, Map<String, Double> learned, Set<CapabilityType> servable) {
    long[] query = new long[WORDS];
    SKETCH.sketch(intentVector, query, 0);
    double[] estimate = scratch(candidates.size());
    if (candidates instanceof PackedRows packed) {
      estimate(query, packed, intentVector, estimate);
    } else {
      for (int i = 0; i < candidates.size(); i++) {
        Candidate c = candidates.get(i);
        estimate[i] = c.sketch() == null ? Scorer.facetSimilarity(intentVector, c.facets())
            : estimated(query, c.sketch(), c.sketchAt(), c.sketchAt() + c.facets().count() * WORDS);
      }
    }
    if (!learned.isEmpty()) {
      for (int i = 0; i < candidates.size(); i++) {
        estimate[i] += learned.getOrDefault(candidates.get(i).capability().getCapabilityId(), 0.0);
      }
    }
    double standsOut = standsOut(intentVector, candidates, learned, servable);
    int[] shortlist = Ranking.topFirst(estimate, candidates.size(), SHORTLIST);
    List<ScoredCandidate> out = new ArrayList<>(SHORTLIST);
    int eligible = 0;
    boolean filtersLimit = false;
    for (int row : shortlist) {
      ScoredCandidate scored = exactly(scorer, intent, intentVector, candidates.get(row), now, wantsDepth, learned,
          servable, standsOut);
      out.add(scored);
      eligible += scored.eligible() ? 1 : 0;
      filtersLimit |= !scored.eligible() && scored.similarity() >= scorer.policy().relevanceThreshold();
      estimate[row] = Double.NEGATIVE_INFINITY; // scored
    }
    if (eligible < ENOUGH_ELIGIBLE && filtersLimit) { // relevant rows were filtered out: the best that pass
      for (int i = 0; i < candidates.size(); i++) {
        if (HardFilters.first(intent, candidates.get(i), now, servable, scorer.localSite()) != null) {
          estimate[i] = Double.NEGATIVE_INFINITY;
        }
      }
      for (int row : Ranking.topFirst(estimate, candidates.size(), SHORTLIST)) {
        if (estimate[row] > Double.NEGATIVE_INFINITY) {
          out.add(exactly(scorer, intent, intentVector, candidates.get(row), now, wantsDepth, learned, servable,
              standsOut));
        }
      }
    }
    out.sort(Scorer.ORDER);
    return out;
  }

  private static ScoredCandidate exactly(Scorer scorer, Intent intent, float[] intentVector, Candidate c, Instant now,
      boolean wantsDepth, Map<String, Double> learned, Set<CapabilityType> servable, double standsOut) {
    double bonus = learned.getOrDefault(c.capability().getCapabilityId(), 0.0);
    double similarity = Scorer.facetSimilarity(intentVector, c.facets()) + bonus;
    return scorer.scoreOne(intent, similarity, bonus, c, now, servable, similarity >= standsOut, wantsDepth);
  }

  /** Every row's estimate, reading the packed sketches in order (rows without sketches are scored exactly). */
  private static void estimate(long[] query, PackedRows rows, float[] intentVector, double[] into) {
    long[] s = rows.sketches;
    int[] from = rows.from;
    for (int i = 0; i < rows.size(); i++) {
      into[i] = from[i] < from[i + 1] ? estimated(query, s, from[i], from[i + 1])
          : Scorer.facetSimilarity(intentVector, rows.get(i).facets());
    }
  }

  /** The blend of the best facet and the whole description, from the fewest differing bits (256-bit sketches). */
  private static double estimated(long[] query, long[] s, int from, int end) {
    long q0 = query[0];
    long q1 = query[1];
    long q2 = query[2];
    long q3 = query[3];
    int whole = Long.bitCount(q0 ^ s[from]) + Long.bitCount(q1 ^ s[from + 1]) + Long.bitCount(q2 ^ s[from + 2])
        + Long.bitCount(q3 ^ s[from + 3]);
    int fewest = whole;
    for (int at = from + WORDS; at < end; at += WORDS) {
      fewest = Math.min(fewest, Long.bitCount(q0 ^ s[at]) + Long.bitCount(q1 ^ s[at + 1])
          + Long.bitCount(q2 ^ s[at + 2]) + Long.bitCount(q3 ^ s[at + 3]));
    }
    return Scorer.blend(SKETCH.cosine(fewest), SKETCH.cosine(whole));
  }

  /**
   * The estimates' array, one per stream thread, reused: 100,000 doubles are 800 KB, which G1 would allocate outside
   * its young regions (a "humongous" object) on every intent.
   */
  private static double[] scratch(int rows) {
    double[] s = SCRATCH.get();
    if (s.length < rows) {
      s = new double[rows];
      SCRATCH.set(s);
    }
    return s;
  }

  private static final ThreadLocal<double[]> SCRATCH = ThreadLocal.withInitial(() -> new double[0]);

  /** Mean + the specialty margin over an exact sample of the servable rows (evenly spaced through the table). */
  private static double standsOut(float[] intentVector, List<Candidate> candidates, Map<String, Double> learned,
      Set<CapabilityType> servable) {
    double sum = 0;
    double squares = 0;
    int n = 0;
    int step = Math.max(1, candidates.size() / SAMPLE);
    for (int i = 0; i < candidates.size(); i += step) {
      Candidate c = candidates.get(i);
      if (servable.contains(c.capability().getType())) {
        double s = Scorer.facetSimilarity(intentVector, c.facets())
            + learned.getOrDefault(c.capability().getCapabilityId(), 0.0);
        if (Double.isFinite(s)) {
          sum += s;
          squares += s * s;
          n++;
        }
      }
    }
    if (n < Scorer.MIN_FIELD_FOR_SPECIALTY) {
      return Double.MAX_VALUE;
    }
    double mean = sum / n;
    return mean + Scorer.SPECIALTY_SIGMAS * Math.sqrt(Math.max(0, squares / n - mean * mean));
  }
}
