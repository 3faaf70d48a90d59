package dev.atmosphere.router.scoring;

import dev.atmosphere.common.embed.Vectors;
import dev.atmosphere.schemas.CapabilityAnnouncement;
import dev.atmosphere.schemas.CapabilityType;
import dev.atmosphere.schemas.Intent;
import dev.atmosphere.schemas.IntentConstraints;
import dev.atmosphere.schemas.NodeStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Scoring v1, the design's routing algorithm made pure: hard filters first (node alive, kind, pins, privacy,
 * residency, cost), then cosine similarity with a relevance threshold multiplied by hop, size, specialty, load
 * and cost factors. Deterministic: ties break on capability id, then node id. Time comes in as an argument.
 */
public final class Scorer {

  /**
   * Specialty is learned from the descriptions, not from keywords: a capability whose similarity to this intent
   * stands {@value #SPECIALTY_SIGMAS} standard deviations above the field of capabilities that could serve it is
   * the specialist for it (needs a field of at least {@value #MIN_FIELD_FOR_SPECIALTY}).
   */
  static final double SPECIALTY_SIGMAS = 1.5;

  static final int MIN_FIELD_FOR_SPECIALTY = 4;

  private static final Pattern BILLIONS = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*[bB]");
  private static final java.util.Map<String, Double> SIZES = new java.util.concurrent.ConcurrentHashMap<>();

  public static final Comparator<ScoredCandidate> ORDER =
      Comparator.comparing(ScoredCandidate::eligible).reversed()
          .thenComparing(Comparator.comparingDouble(ScoredCandidate::total).reversed())
          .thenComparing(ScoredCandidate::capabilityId)
          .thenComparing(ScoredCandidate::nodeId);

  private final ScoringPolicy policy;
  private final java.util.function.Supplier<dev.atmosphere.router.feedback.Examples> examples;
  private final String localSite;
  private final String belowThreshold; // one string for every row below it, not one built per row

  public Scorer(ScoringPolicy policy) {
    this(policy, () -> dev.atmosphere.router.feedback.Examples.NONE);
  }

  /** @param examples labeled intents (feedback, pins) whose neighbours lean towards their capability */
  public Scorer(ScoringPolicy policy, java.util.function.Supplier<dev.atmosphere.router.feedback.Examples> examples) {
    this(policy, examples, null);
  }

  /** How a candidate refused for relevance alone is told (followed by the threshold). */
  public static final String BELOW_THRESHOLD = "similarity below threshold ";

  /** @param localSite this router's site in a multi-site mesh ({@code site.name}), or null */
  public Scorer(ScoringPolicy policy, java.util.function.Supplier<dev.atmosphere.router.feedback.Examples> examples,
      String localSite) {
    this.policy = Objects.requireNonNull(policy);
    this.belowThreshold = BELOW_THRESHOLD + policy.relevanceThreshold();
    this.examples = examples;
    this.localSite = localSite;
  }

  public ScoringPolicy policy() {
    return policy;
  }

  String localSite() {
    return localSite;
  }

  /**
   * Every candidate scored, eligible ones first, best first. Vectors must be unit length (the router's embedder
   * normalises; other sources use {@link Vectors#normalize}), so similarity is a dot product.
   */
  public List<ScoredCandidate> score(Intent intent, float[] intentVector, List<Candidate> candidates, Instant now) {
    return score(intent, intentVector, candidates, now, true);
  }

  /** @param wantsDepth whether the intent asks for depth: only then do large models get their boost */
  public List<ScoredCandidate> score(Intent intent, float[] intentVector, List<Candidate> candidates, Instant now,
      boolean wantsDepth) {
    Set<CapabilityType> servable = KindRules.servable(intent.getKind());
    boolean semantic = KindRules.semantic(intent.getKind()) && intentVector != null; // none: pinned (RoutePlanner)
    java.util.Map<String, Double> learned = semantic ? examples.get().bonus(intentVector) : java.util.Map.of();
    if (LargeTable.applies(intent, semantic, candidates)) { // beyond 2,048 rows: a sketch shortlist, then exact
      return LargeTable.score(this, intent, intentVector, candidates, now, wantsDepth, learned, servable);
    }
    List<ScoredCandidate> out = new ArrayList<>(candidates.size());
    double[] similarity = new double[candidates.size()];
    double[] bonus = new double[candidates.size()]; // looked up once per row: the reason shows it, the score adds it
    double sum = 0;
    double squares = 0;
    int n = 0;
    for (int i = 0; i < similarity.length; i++) {
      bonus[i] = learned.isEmpty() ? 0 : learned.getOrDefault(candidates.get(i).capability().getCapabilityId(), 0.0);
      similarity[i] = semantic ? facetSimilarity(intentVector, candidates.get(i).facets()) + bonus[i] : 1.0;
      if (servable.contains(candidates.get(i).capability().getType()) && Double.isFinite(similarity[i])) {
        sum += similarity[i];
        squares += similarity[i] * similarity[i];
        n++;
      }
    }
    double mean = n == 0 ? 0 : sum / n;
    double sd = n == 0 ? 0 : Math.sqrt(Math.max(0, squares / n - mean * mean));
    double standsOut = n >= MIN_FIELD_FOR_SPECIALTY ? mean + SPECIALTY_SIGMAS * sd : Double.MAX_VALUE;
    for (int i = 0; i < similarity.length; i++) {
      out.add(scoreOne(intent, similarity[i], bonus[i], candidates.get(i), now, servable,
          semantic && similarity[i] >= standsOut, wantsDepth));
    }
    out.sort(ORDER);
    return out;
  }

  /** @param learned the part of {@code similarity} labeled examples added (shown, not added again) */
  ScoredCandidate scoreOne(Intent intent, double similarity, double learned, Candidate c, Instant now,
      Set<CapabilityType> servable, boolean specialist, boolean wantsDepth) {
    CapabilityAnnouncement cap = c.capability();
    String rejected = Double.isFinite(similarity) ? HardFilters.first(intent, c, now, servable, localSite)
        : "unusable vector (not finite)";
    boolean semantic = KindRules.semantic(intent.getKind());
    if (rejected == null && semantic && intent.getPinnedCapabilityId() == null
        && similarity < policy.relevanceThreshold()) {
      rejected = belowThreshold;
    }
    if (rejected != null) {
      return ScoredCandidate.rejected(c, similarity, learned, rejected);
    }
    double hop = Math.pow(policy.hopPenalty(), Sites.hops(intent, cap));
    double size = wantsDepth && billions(cap.getMetadata().getSizeParams()) >= policy.largeModelMinBillions()
        ? policy.largeModelBoost() : 1.0;
    double specialty = specialist ? policy.specialtyBoost() : 1.0;
    double load = loadFactor(c.status());
    double cost = costFactor(intent.getConstraints(), cap);
    double score = similarity * hop * size * specialty * load * cost;
    if (!Double.isFinite(score)) { // defence in depth: the verifier already rejects non-finite announcements
      return ScoredCandidate.rejected(c, 0, "unusable numbers (score not finite)");
    }
    return new ScoredCandidate(c, true, null, similarity, hop, size, specialty, load, cost, score, learned);
  }

  /**
   * The intent's similarity to a capability: 0.7 × its nearest facet + 0.3 × the whole (facet 0). The blend was chosen
   * on the labeled set of {@code RoutingEvaluation}: the nearest facet alone lets one list item ("policies") pull
   * unrelated intents, the whole alone averages topics away (docs/routing-and-cache.md). The facets are int8 codes
   * ({@link Facets}: within about 5e-4 of the float dot product) compared on the vector unit — scoring is the router's
   * hot loop. A non-finite facet makes the similarity non-finite, so the row is refused.
   */
  static double facetSimilarity(float[] intentVector, Facets facets) {
    if (facets.count() == 0) {
      return 0;
    }
    double whole = facets.dot(intentVector, 0);
    double best = whole;
    for (int i = 1; i < facets.count(); i++) {
      best = Math.max(best, facets.dot(intentVector, i)); // NaN stays NaN
    }
    return blend(best, whole);
  }

  static double blend(double bestFacet, double whole) {
    return FACET_WEIGHT * bestFacet + (1 - FACET_WEIGHT) * whole;
  }

  private static final double FACET_WEIGHT = 0.7;

  /** Quality tier by model size: 1 below 3B (or unknown), 2 to 13B, 3 to 40B, 4 from 40B. */
  public static int quality(CapabilityAnnouncement cap) {
    double b = billions(cap.getMetadata().getSizeParams());
    return b >= 40 ? 4 : b >= 13 ? 3 : b >= 3 ? 2 : 1;
  }

  /** What a request would wait: the latency class's typical answer time, scaled by the node's queue. */
  public static long expectedLatencyMs(Candidate c) {
    long base = switch (c.capability().getResources().getLatencyClass()) {
      case REALTIME -> 200;
      case LOCAL -> 500;
      case INTERACTIVE, UNKNOWN -> 2000;
      case REGIONAL -> 3000;
      case GLOBAL -> 8000;
      case BATCH -> 60_000;
    };
    NodeStatus s = c.status();
    int slots = Math.max(1, s.getMaxConcurrent());
    return base * (1 + (s.getInFlight() + s.getQueueDepth()) / slots);
  }


  static double billions(String sizeParams) {
    if (sizeParams == null) {
      return 0;
    }
    Double known = SIZES.get(sizeParams);
    if (known != null) {
      return known;
    }
    Matcher m = BILLIONS.matcher(sizeParams);
    double parsed = m.find() ? Double.parseDouble(m.group(1)) : 0;
    if (SIZES.size() < 1_024) { // bounded: announcements choose these texts
      SIZES.put(sizeParams, parsed);
    }
    return parsed;
  }

  private double loadFactor(NodeStatus status) {
    double load = status.getLoad();
    if (status.getMaxConcurrent() > 0) {
      load = Math.max(load, (double) (status.getInFlight() + status.getQueueDepth()) / status.getMaxConcurrent());
    }
    if (load > policy.busyLoad()) {
      return policy.busyFactor();
    }
    return load < policy.idleLoad() ? policy.idleFactor() : 1.0;
  }

  private double costFactor(IntentConstraints k, CapabilityAnnouncement cap) {
    if (!k.getPreferFree()) {
      return 1.0;
    }
    return cap.getResources().getCostPerToken() == 0 ? policy.freeBoost() : policy.paidPenalty();
  }
}
