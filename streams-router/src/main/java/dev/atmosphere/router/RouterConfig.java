package dev.atmosphere.router;

import dev.atmosphere.common.config.CommonKeys;
import dev.atmosphere.common.config.Settings;
import dev.atmosphere.common.config.TopicsConfig;
import dev.atmosphere.common.kafka.KafkaConnection;
import dev.atmosphere.router.failover.FailoverPolicy;
import dev.atmosphere.router.scoring.GeneralFallback;
import dev.atmosphere.router.scoring.Scorer;
import dev.atmosphere.router.scoring.ScoringPolicy;
import dev.atmosphere.schemas.topics.Topics;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Everything the router deployable needs, validated at start: the keys of {@link RouterKeys} (file or
 * {@code ATMOSPHERE_*} environment), plus the common Kafka, topic, join-code and site keys.
 */
public record RouterConfig(
    KafkaConnection connection,
    Topics topics,
    String applicationId,
    ScoringPolicy policy,
    Duration commitInterval,
    Duration pollInterval,
    Path stateDir,
    int maxCandidatesInDecision,
    int embeddingCacheSize,
    TrustPolicy trust,
    FailoverPolicy failover,
    double nearEqual,
    dev.atmosphere.router.cache.CachePolicy cache,
    PlanSettings plans,
    dev.atmosphere.router.prefetch.PrefetchPolicy prefetch,
    boolean generalFallback,
    dev.atmosphere.router.federated.Budget federatedBudget,
    double federatedMaxEpsilon,
    dev.atmosphere.router.affinity.AffinityPolicy affinity,
    boolean learnFromFeedback,
    boolean autoMigration,
    String site,
    int streamThreads,
    boolean embeddingLookahead,
    Duration forgetAfter) {

  /**
   * @param maxUnits largest plan accepted
   * @param deadlineGrace how long after its deadline a plan with units still open is closed
   * @param documentChunkTokens context budget per map unit when the router summarises a posted document
   */
  public record PlanSettings(int maxUnits, Duration deadlineGrace, int documentChunkTokens) {}

  /** Where a CHAT intent goes when nothing is relevant: {@code general} (the most general LLM) or {@code none}. */
  public RoutePlanner planner(dev.atmosphere.common.embed.Embedder embedder) {
    return planner(embedder, () -> dev.atmosphere.router.feedback.Examples.NONE);
  }

  /** @param examples labeled intents (people's feedback) the scorer's nearest-neighbour layer learns from */
  public RoutePlanner planner(dev.atmosphere.common.embed.Embedder embedder,
      java.util.function.Supplier<dev.atmosphere.router.feedback.Examples> examples) {
    Scorer scorer = new Scorer(policy, examples, site);
    return new RoutePlanner(topics, scorer, embedder, maxCandidatesInDecision, nearEqual, generalFallback
        ? java.util.Optional.of(new GeneralFallback(policy, embedder)) : java.util.Optional.empty());
  }

  /** {@code site.name}: this site in a multi-site mesh (residency by site), or null. */
  public static String site(Settings s) {
    String site = s.optional(CommonKeys.SITE_NAME).map(String::strip).filter(v -> !v.isEmpty()).orElse(null);
    if (site != null && !dev.atmosphere.schemas.topics.SiteTopics.SITE.matcher(site).matches()) {
      s.reject(CommonKeys.SITE_NAME.name(), "must be 1-40 characters of a-z 0-9 _ - (no dots: it becomes a MirrorMaker 2 alias)");
      return null;
    }
    return site;
  }

  private static dev.atmosphere.router.cache.CachePolicy cache(Settings s) {
    double similarity = s.get(RouterKeys.CACHE_SIMILARITY);
    double secondStage = s.get(RouterKeys.CACHE_SECOND_STAGE, Math.min(similarity,
        dev.atmosphere.router.cache.CachePolicy.DEFAULT_SECOND_STAGE));
    if (secondStage > similarity) {
      s.reject(RouterKeys.CACHE_SECOND_STAGE.name(), "must not be above router.cache.similarity (" + similarity + ")");
      secondStage = similarity;
    }
    return new dev.atmosphere.router.cache.CachePolicy(s.get(RouterKeys.CACHE), similarity, s.get(RouterKeys.CACHE_TTL),
        s.get(RouterKeys.CACHE_GUARD), s.get(RouterKeys.CACHE_SWEEP), secondStage, s.get(RouterKeys.CACHE_MAX_ENTRIES));
  }

  /** At least an hour: a node briefly away (asleep, restarting) must not be forgotten and re-admitted over and over. */
  private static Duration forgetAfter(Settings s) {
    Duration after = s.get(RouterKeys.FORGET_AFTER);
    if (after.compareTo(Duration.ofHours(1)) < 0) {
      s.reject(RouterKeys.FORGET_AFTER.name(), "must be at least 1h (a node silent that long leaves the gradient table)");
    }
    return after;
  }

  public static RouterConfig from(Settings s) {
    KafkaConnection connection = KafkaConnection.from(s);
    Topics topics = TopicsConfig.from(s);
    RouterConfig config =
        new RouterConfig(
            connection,
            topics,
            s.get(RouterKeys.APPLICATION_ID),
            ScoringPolicy.withThreshold(s.get(RouterKeys.THRESHOLD)),
            s.get(RouterKeys.COMMIT_INTERVAL),
            s.get(RouterKeys.POLL_INTERVAL),
            Path.of(s.get(RouterKeys.STATE_DIR, ".atmosphere/state/router")),
            s.get(RouterKeys.MAX_CANDIDATES),
            s.get(RouterKeys.EMBEDDING_CACHE),
            new TrustPolicy(java.util.Set.copyOf(s.get(RouterKeys.ALLOWED_NODES)), s.optional(CommonKeys.JOIN_CODE),
                s.get(RouterKeys.MAX_ANNOUNCEMENT_BYTES)),
            new FailoverPolicy(
                s.get(RouterKeys.MAX_ATTEMPTS),
                s.get(RouterKeys.ATTEMPT_TIMEOUT),
                s.get(RouterKeys.CHECK_INTERVAL),
                s.get(RouterKeys.EJECT_AFTER),
                s.get(RouterKeys.EJECT_COOLDOWN),
                s.get(RouterKeys.STARTUP_GRACE),
                s.get(RouterKeys.HEARTBEAT_LAPSE),
                s.get(RouterKeys.DEDUP_RETENTION)),
            s.get(RouterKeys.NEAR_EQUAL),
            cache(s),
            new PlanSettings(s.get(RouterKeys.PLAN_MAX_UNITS), s.get(RouterKeys.PLAN_GRACE),
                s.get(RouterKeys.CHUNK_TOKENS)),
            new dev.atmosphere.router.prefetch.PrefetchPolicy(
                s.get(RouterKeys.PREFETCH),
                s.get(RouterKeys.PREFETCH_GAP),
                s.get(RouterKeys.PREFETCH_SIMILARITY),
                s.get(RouterKeys.PREFETCH_MIN_COUNT),
                s.get(RouterKeys.PREFETCH_MAX_TRANSITIONS)),
            s.get(RouterKeys.FALLBACK).equals("general"),
            new dev.atmosphere.router.federated.Budget(s.get(RouterKeys.EPSILON_BUDGET), s.get(RouterKeys.BUDGET_WINDOW)),
            s.get(RouterKeys.MAX_EPSILON),
            new dev.atmosphere.router.affinity.AffinityPolicy(s.get(RouterKeys.AFFINITY), s.get(RouterKeys.AFFINITY_TTL),
                s.get(RouterKeys.AFFINITY_TOLERANCE)),
            s.get(RouterKeys.FEEDBACK),
            s.get(RouterKeys.AUTO_MIGRATION),
            site(s),
            // one by default: a second thread on 2 cores routed 198 vs 195 new intents/s (PipelineLatencyBench) — the
            // bound is the exactly-once commit cycle, not the embedding; more may pay on more cores
            s.get(RouterKeys.STREAM_THREADS),
            s.get(RouterKeys.EMBEDDING_LOOKAHEAD),
            forgetAfter(s));
    s.validate();
    return config;
  }
}
