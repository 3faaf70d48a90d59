package dev.atmosphere.router;

import dev.atmosphere.common.embed.Embedder;
import dev.atmosphere.common.embed.Vectors;
import dev.atmosphere.router.affinity.Affinity;
import dev.atmosphere.router.scoring.Candidate;
import dev.atmosphere.router.scoring.CapabilityFacets;
import dev.atmosphere.router.scoring.GeneralFallback;
import dev.atmosphere.router.scoring.KindRules;
import dev.atmosphere.router.scoring.ScoredCandidate;
import dev.atmosphere.router.scoring.Scorer;
import dev.atmosphere.schemas.CapabilityAnnouncement;
import dev.atmosphere.schemas.ConversationTurn;
import dev.atmosphere.schemas.Intent;
import dev.atmosphere.schemas.IntentKind;
import dev.atmosphere.schemas.NodeStatus;
import dev.atmosphere.schemas.RouteDecision;
import dev.atmosphere.schemas.Timings;
import dev.atmosphere.schemas.WorkResult;
import dev.atmosphere.schemas.WorkStatus;
import dev.atmosphere.schemas.WorkUnit;
import dev.atmosphere.schemas.topics.Topics;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToIntFunction;

/**
 * Decides one intent against a gradient table: validates it, embeds it in the router's embedding space, scores
 * every candidate and returns the decision with either a work unit for the winner or a NO_ROUTE / REJECTED result.
 * Pure apart from the (cached) embedder, so the Streams processor and a standalone node's local routing share it.
 */
public final class RoutePlanner {

  private final Topics topics;
  private final Scorer scorer;
  private final Embedder embedder;
  private final int maxCandidatesKept;
  private final double nearEqual;
  private final Optional<GeneralFallback> fallback;

  /**
   * What asking for depth sounds like; the large-model boost applies only to intents at least
   * {@value #DEPTH_SIMILARITY} close to one of these. Measured with MiniLM: "analyse in depth and compare these
   * reports" 0.66, "summarise this 50-page document using your best model" 0.44, "explain step by step why this
   * proof is wrong" 0.46; "hi" 0.16, "fix this typo" 0.24, "what is the capital of France" 0.05. One combined
   * prototype sentence did not separate them (0.33 vs 0.16).
   */
  static final List<String> DEPTH_PROTOTYPES = List.of("analyse in depth", "a detailed and thorough answer",
      "complex reasoning", "use your best and largest model", "explain step by step in detail",
      "compare and evaluate carefully");

  static final double DEPTH_SIMILARITY = 0.30;

  public RoutePlanner(Topics topics, Scorer scorer, Embedder embedder, int maxCandidatesKept) {
    this(topics, scorer, embedder, maxCandidatesKept, 0.05);
  }

  /** @param nearEqual candidates within this fraction of the best score are load-balanced, not ranked */
  public RoutePlanner(Topics topics, Scorer scorer, Embedder embedder, int maxCandidatesKept, double nearEqual) {
    this(topics, scorer, embedder, maxCandidatesKept, nearEqual,
        Optional.of(new GeneralFallback(scorer.policy(), embedder)));
  }

  /** @param fallback where a CHAT intent goes when nothing passes relevance (empty: NO_ROUTE, the strict mode) */
  public RoutePlanner(Topics topics, Scorer scorer, Embedder embedder, int maxCandidatesKept, double nearEqual,
      Optional<GeneralFallback> fallback) {
    this.fallback = fallback;
    this.topics = topics;
    this.scorer = scorer;
    this.embedder = embedder;
    this.maxCandidatesKept = maxCandidatesKept;
    this.nearEqual = nearEqual;
  }

  /** A row of the gradient table: the capability's facets and, when compatible, its announced vector. */
  public Candidate candidate(CapabilityAnnouncement cap, NodeStatus status) {
    return new Candidate(cap, status, vectors(cap));
  }

  /** What a capability means to routing ({@link CapabilityFacets#vectors}). */
  public List<float[]> vectors(CapabilityAnnouncement cap) {
    return CapabilityFacets.vectors(cap, embedder);
  }

  public Routed plan(Intent intent, List<Candidate> table, Instant now) {
    return plan(intent, table, now, 1, Map.of(), node -> 0);
  }

  /**
   * Attempt {@code attempt} of an intent: nodes in {@code excluded} (failed this intent, ejected) are not
   * eligible, with the reason recorded; among near-equal candidates the one with less outstanding work wins
   * (power of two choices, seeded by intent and attempt so a decision is reproducible).
   */
  public Routed plan(Intent intent, List<Candidate> table, Instant now, int attempt, Map<String, String> excluded,
      ToIntFunction<String> outstanding) {
    return plan(intent, table, now, attempt, excluded, outstanding, Optional.empty(), 0);
  }

  /**
   * As above; on a first attempt a follow-up of a conversation goes back to where {@code previous} (its previous
   * turn) was answered when {@link Affinity#sticky} allows it.
   */
  public Routed plan(Intent intent, List<Candidate> table, Instant now, int attempt, Map<String, String> excluded,
      ToIntFunction<String> outstanding, Optional<ConversationTurn> previous, double affinityTolerance) {
    String invalid = RouteReasons.invalid(intent);
    if (invalid != null) {
      Routed refused = noRoute(intent, now, List.of(), invalid, WorkStatus.REJECTED, attempt);
      return refused.result() == null ? refused : new Routed(refused.decision(), null,
          WorkResult.newBuilder(refused.result()).setErrorKind(INVALID).build());
    }
    // a pinned capability is chosen by its id: its request is not compared by meaning, nor waits for its vector
    boolean pinned = intent.getPinnedCapabilityId() != null;
    float[] intentVector = KindRules.semantic(intent.getKind()) && !pinned ? embedder.embed(intent.getText()) : null;
    boolean depth = intentVector != null && DEPTH_PROTOTYPES.stream()
        .mapToDouble(p -> Vectors.cosine(intentVector, embedder.embed(p))).max().orElse(0) >= DEPTH_SIMILARITY;
    List<ScoredCandidate> scored = new ArrayList<>(scorer.score(intent, intentVector, table, now, depth).stream()
        .map(s -> excluded.containsKey(s.nodeId()) && (s.eligible() || RouteReasons.onlyBelowThreshold(s))
            ? new ScoredCandidate(s.candidate(), false, excluded.get(s.nodeId()), s.similarity(), s.hopFactor(),
                s.sizeFactor(), s.specialtyFactor(), s.loadFactor(), s.costFactor(), 0, s.learned())
            : s)
        .toList());
    scored.sort(Scorer.ORDER);
    Optional<ScoredCandidate> sticky = previous.filter(p -> attempt == 1)
        .flatMap(p -> Affinity.sticky(scored, p.getNodeId(), p.getCapabilityId(), affinityTolerance));
    if (sticky.isPresent()) {
      return routeTo(intent, sticky.get(), scored, now, attempt,
          "affinity: the conversation's previous turn was answered here (its KV cache is warm)");
    }
    Optional<ScoredCandidate> best = balance(intent, attempt, scored, outstanding);
    if (best.isEmpty()) {
      List<ScoredCandidate> allowed = scored.stream().filter(s -> !excluded.containsKey(s.nodeId())).toList();
      Optional<ScoredCandidate> general = fallback.flatMap(f -> f.choose(intent, allowed, now)); // never a tried/ejected node
      if (general.isPresent()) {
        return routeTo(intent, general.get(), scored, now, attempt,
            GeneralFallback.reason(scorer.policy().relevanceThreshold(), general.get()));
      }
    }
    return best.map(b -> routeTo(intent, b, scored, now, attempt, pinned ? RouteReasons.PINNED
            : RouteReasons.learned(b, scored, scorer.policy().relevanceThreshold())))
        .orElseGet(() -> noRoute(intent, now, scored, RouteReasons.noRoute(intent, scored), WorkStatus.NO_ROUTE, attempt));
  }

  private Optional<ScoredCandidate> balance(Intent intent, int attempt, List<ScoredCandidate> scored,
      ToIntFunction<String> outstanding) {
    List<ScoredCandidate> eligible = scored.stream().filter(ScoredCandidate::eligible).toList();
    if (eligible.size() < 2) {
      return eligible.stream().findFirst();
    }
    double floor = eligible.get(0).total() * (1 - nearEqual);
    List<ScoredCandidate> near = eligible.stream().filter(s -> s.total() >= floor).toList();
    if (near.size() < 2) {
      return Optional.of(near.get(0));
    }
    java.util.Random random = new java.util.Random(31L * intent.getIntentId().hashCode() + attempt);
    int i = random.nextInt(near.size());
    int j = (i + 1 + random.nextInt(near.size() - 1)) % near.size();
    ScoredCandidate a = near.get(Math.min(i, j));
    ScoredCandidate b = near.get(Math.max(i, j));
    return Optional.of(outstanding.applyAsInt(b.nodeId()) < outstanding.applyAsInt(a.nodeId()) ? b : a);
  }

  /** Error kind of a REJECTED intent that can never run as posted (a full queue's is REJECTED): a 400, not a 429. */
  public static final String INVALID = "INVALID";

  private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

  /**
   * The unguessable part of a work id: an attempt result counts only when it names the dispatched work id, so a
   * writer that cannot read the node's work topic cannot forge the node's answer by guessing {@code <intent>-w1}.
   */
  private static String nonce() {
    return Long.toHexString(RANDOM.nextLong() | Long.MIN_VALUE);
  }


  private Routed routeTo(Intent intent, ScoredCandidate best, List<ScoredCandidate> scored, Instant now,
      int attempt, String reason) {
    CapabilityAnnouncement cap = best.candidate().capability();
    String workTopic = cap.getCluster() == null ? topics.work(cap.getNodeId())
        : topics.sites().outbox(cap.getCluster(), "work");
    RouteDecision decision =
        decision(intent, now, scored, attempt)
            .setReason(reason)
            .setChosenNodeId(cap.getNodeId())
            .setChosenCapabilityId(cap.getCapabilityId())
            .setScore(best.total())
            .setWorkTopic(workTopic)
            .setChosenSite(cap.getCluster())
            .setHops(cap.getHops())
            .build();
    WorkUnit work =
        WorkUnit.newBuilder()
            .setWorkId(intent.getIntentId() + "-w" + attempt + "-" + nonce())
            .setIntentId(intent.getIntentId())
            .setRouteId(decision.getRouteId())
            .setAttempt(attempt)
            .setNodeId(cap.getNodeId())
            .setCapabilityId(cap.getCapabilityId())
            .setCapabilityType(cap.getType())
            .setProvider(cap.getMetadata().getProvider())
            .setTarget(cap.getMetadata().getTarget())
            .setModelName(cap.getMetadata().getModelName())
            .setKind(intent.getKind())
            .setText(intent.getText())
            .setMessages(intent.getMessages())
            .setRagEnabled(intent.getKind() == IntentKind.RAG)
            .setParametersJson(intent.getParametersJson())
            .setIntentCreatedAt(intent.getCreatedAt())
            .setRoutedAt(now)
            .setDeadlineAt(intent.getDeadlineAt())
            .setStream(intent.getStream())
            .setInputs(intent.getInputs())
            .setSite(cap.getCluster())
            .build();
    return new Routed(decision, intent.getDryRun() ? null : work, null);
  }

  private Routed noRoute(Intent intent, Instant now, List<ScoredCandidate> scored, String reason, WorkStatus status,
      int attempt) {
    RouteDecision decision = decision(intent, now, scored, attempt).setReason(reason).build();
    if (intent.getDryRun()) {
      return new Routed(decision, null, null);
    }
    WorkResult result =
        WorkResult.newBuilder()
            .setIntentId(intent.getIntentId())
            .setStatus(status)
            .setError(reason)
            .setErrorKind(status.name())
            .setAttempts(attempt - 1)
            .setPlanId(intent.getPlanId())
            .setTimings(Timings.newBuilder().setIntentCreatedAt(intent.getCreatedAt()).setRoutedAt(now)
                .setFinishedAt(now).build())
            .build();
    return new Routed(decision, null, result);
  }

  private RouteDecision.Builder decision(Intent intent, Instant now, List<ScoredCandidate> scored, int attempt) {
    return RouteDecision.newBuilder()
        .setRouteId(intent.getIntentId() + "-r" + attempt)
        .setIntentId(intent.getIntentId())
        .setAttempt(attempt)
        .setDecidedAt(now)
        .setEmbeddingModel(embedder.modelId())
        .setCandidates(scored.stream().limit(maxCandidatesKept).map(ScoredCandidate::toAvro).toList());
  }
}
