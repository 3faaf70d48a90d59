package dev.atmosphere.router;

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
 * Everything the router deployable needs, validated at start. Keys (file or {@code ATMOSPHERE_*} env):
 * {@code router.application.id}, {@code router.relevance.threshold}, {@code router.commit.interval}, {@code router.poll.interval},
 * {@code router.state.dir}, {@code router.max.candidates}, {@code router.trust.allowed.nodes},
 * {@code router.max.announcement.bytes}, {@code router.fallback} (general|none), {@code router.stream.threads}, {@code router.dedup.retention}, {@code mesh.join.code}, {@code topics.*}, the semantic cache
 * ({@code router.cache.enabled|similarity|ttl|guard|sweep.interval}), plans ({@code router.plan.max.units},
 * {@code router.plan.deadline.grace}, {@code router.documents.chunk.tokens}), prefetching
 * ({@code router.prefetch.enabled|session.gap|similarity|min.count|max.transitions}), {@code site.name}, plus the Kafka
 * connection keys.
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
    int streamThreads) {

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
    String site = s.optional("site.name").map(String::strip).filter(v -> !v.isEmpty()).orElse(null);
    if (site != null && !dev.atmosphere.schemas.topics.SiteTopics.SITE.matcher(site).matches()) {
      s.reject("site.name", "must be 1-40 characters of a-z 0-9 _ - (no dots: it becomes a MirrorMaker 2 alias)");
      return null;
    }
    return site;
  }

  private static dev.atmosphere.router.cache.CachePolicy cache(Settings s) {
    double similarity = s.doubleIn("router.cache.similarity", 0.95, 0, 1);
    double secondStage = s.doubleIn("router.cache.second.stage", Math.min(similarity,
        dev.atmosphere.router.cache.CachePolicy.DEFAULT_SECOND_STAGE), 0, 1);
    if (secondStage > similarity) {
      s.reject("router.cache.second.stage", "must not be above router.cache.similarity (" + similarity + ")");
      secondStage = similarity;
    }
    return new dev.atmosphere.router.cache.CachePolicy(s.bool("router.cache.enabled", true), similarity,
        s.duration("router.cache.ttl", Duration.ofHours(1)), s.bool("router.cache.guard", true),
        s.duration("router.cache.sweep.interval", Duration.ofSeconds(10)), secondStage);
  }

  private static boolean fallback(Settings s) {
    String v = s.string("router.fallback", "general");
    if (!v.equals("general") && !v.equals("none")) {
      s.reject("router.fallback", "must be general or none");
    }
    return v.equals("general");
  }

  public static RouterConfig from(Settings s) {
    KafkaConnection connection = KafkaConnection.from(s);
    Topics topics = TopicsConfig.from(s);
    RouterConfig config =
        new RouterConfig(
            connection,
            topics,
            s.string("router.application.id", "atmosphere-router"),
            ScoringPolicy.withThreshold(
                s.doubleIn("router.relevance.threshold", ScoringPolicy.DEFAULT_RELEVANCE_THRESHOLD, -1, 1)),
            s.duration("router.commit.interval", Duration.ofMillis(10)),
            s.duration("router.poll.interval", Duration.ofMillis(5)),
            Path.of(s.string("router.state.dir", ".atmosphere/state/router")),
            s.intIn("router.max.candidates", 20, 1, 10_000),
            s.intIn("router.embedding.cache.size", 50_000, 16, 10_000_000),
            new TrustPolicy(
                s.optional("router.trust.allowed.nodes")
                    .map(v -> java.util.Set.of(v.split("\\s*,\\s*"))).orElse(java.util.Set.of()),
                s.optional("mesh.join.code"),
                s.intIn("router.max.announcement.bytes", 65_536, 1024, 10_000_000)),
            new FailoverPolicy(
                s.intIn("router.max.attempts", 3, 1, 20),
                s.duration("router.attempt.timeout", Duration.ofSeconds(150)),
                s.duration("router.check.interval", Duration.ofMillis(500)),
                s.intIn("router.eject.after.failures", 3, 1, 1000),
                s.duration("router.eject.cooldown", Duration.ofSeconds(30)),
                s.duration("router.startup.grace", Duration.ofSeconds(15)),
                s.duration("router.dedup.retention", Duration.ofHours(1))),
            s.doubleIn("router.near.equal", 0.05, 0, 1),
            cache(s),
            new PlanSettings(
                s.intIn("router.plan.max.units", 500, 1, 100_000),
                s.duration("router.plan.deadline.grace", Duration.ofSeconds(30)),
                s.intIn("router.documents.chunk.tokens", 2048, 256, 1_000_000)),
            new dev.atmosphere.router.prefetch.PrefetchPolicy(
                s.bool("router.prefetch.enabled", false),
                s.duration("router.prefetch.session.gap", Duration.ofMinutes(10)),
                s.doubleIn("router.prefetch.similarity", 0.9, 0, 1),
                s.intIn("router.prefetch.min.count", 2, 1, 1000),
                s.intIn("router.prefetch.max.transitions", 200, 1, 100_000)),
            fallback(s),
            new dev.atmosphere.router.federated.Budget(
                s.doubleIn("router.federated.epsilon.budget", 3.0, 0.01, 1000),
                s.duration("router.federated.budget.window", Duration.ofHours(24))),
            s.doubleIn("router.federated.max.epsilon", 1.0, 0.001, 100),
            new dev.atmosphere.router.affinity.AffinityPolicy(
                s.bool("router.affinity.enabled", true),
                s.duration("router.affinity.ttl", Duration.ofMinutes(30)),
                s.doubleIn("router.affinity.tolerance", 0.25, 0, 1)),
            s.bool("router.feedback.enabled", true),
            s.bool("router.migration.enabled", false),
            site(s),
            // one by default: a second thread on 2 cores routed 198 vs 195 new intents/s (PipelineLatencyBench) — the
            // bound is the exactly-once commit cycle, not the embedding; more may pay on more cores
            s.intIn("router.stream.threads", 1, 1, 64));
    s.validate();
    return config;
  }
}
