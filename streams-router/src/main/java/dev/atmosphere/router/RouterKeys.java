package dev.atmosphere.router;

import static dev.atmosphere.common.config.Key.computed;
import static dev.atmosphere.common.config.Key.duration;
import static dev.atmosphere.common.config.Key.flag;
import static dev.atmosphere.common.config.Key.integer;
import static dev.atmosphere.common.config.Key.list;
import static dev.atmosphere.common.config.Key.number;
import static dev.atmosphere.common.config.Key.oneOf;
import static dev.atmosphere.common.config.Key.text;

import dev.atmosphere.common.config.Key;
import dev.atmosphere.router.scoring.ScoringPolicy;
import java.time.Duration;
import java.util.List;

/** The keys of the router: its Streams app, scoring, failover, cache, plans, prefetching, federated budgets. */
public final class RouterKeys {

  public static final Key<String> APPLICATION_ID = text("router.application.id", "atmosphere-router",
      "Kafka Streams application id of the router (its group and internal topics).");
  public static final Key<Double> THRESHOLD = number("router.relevance.threshold",
      ScoringPolicy.DEFAULT_RELEVANCE_THRESHOLD, -1, 1, "Least similarity of a capability to an intent to be routed.");
  public static final Key<Duration> COMMIT_INTERVAL = duration("router.commit.interval", Duration.ofMillis(10),
      "Exactly-once commit interval: each hop waits for a commit (see docs/operations.md).");
  public static final Key<Duration> POLL_INTERVAL = duration("router.poll.interval", Duration.ofMillis(5),
      "Longest idle poll of the router's stream thread.");
  public static final Key<String> STATE_DIR = computed("router.state.dir", "<data.dir>/state/router",
      "The router's state stores.");
  public static final Key<Integer> STREAM_THREADS = integer("router.stream.threads", 1, 1, 64,
      "Stream threads of one router (more may pay on more than two cores).");
  public static final Key<Boolean> EMBEDDING_LOOKAHEAD = flag("router.embedding.lookahead", true,
      "Embed the intents a poll brings on a thread of their own while the stream thread works.");
  public static final Key<Integer> MAX_CANDIDATES = integer("router.max.candidates", 20, 1, 10_000,
      "Candidates listed in a route decision.");
  public static final Key<Integer> EMBEDDING_CACHE = integer("router.embedding.cache.size", 50_000, 16, 10_000_000,
      "Intent texts whose embeddings are kept.");
  public static final Key<Double> NEAR_EQUAL = number("router.near.equal", 0.05, 0, 1,
      "Scores this close count as equal (the less loaded wins).");
  public static final Key<String> FALLBACK = oneOf("router.fallback",
      "Where a chat goes when nothing is relevant: the most general LLM, or nowhere (NO_ROUTE).", "general", "none");
  public static final Key<List<String>> ALLOWED_NODES = list("router.trust.allowed.nodes",
      "Only these node ids are admitted to the gradient table (default: any node that signs).");
  public static final Key<Integer> MAX_ANNOUNCEMENT_BYTES = integer("router.max.announcement.bytes", 65_536, 1024,
      10_000_000, "Largest announcement or heartbeat admitted.");
  public static final Key<Integer> MAX_ATTEMPTS = integer("router.max.attempts", 3, 1, 20,
      "Attempts of one intent on different nodes before it fails.");
  public static final Key<Duration> ATTEMPT_TIMEOUT = duration("router.attempt.timeout", Duration.ofSeconds(150),
      "An attempt not answered within this fails over.");
  public static final Key<Duration> CHECK_INTERVAL = duration("router.check.interval", Duration.ofMillis(500),
      "How often attempts in flight are checked for timeouts and dead nodes.");
  public static final Key<Integer> EJECT_AFTER = integer("router.eject.after.failures", 3, 1, 1000,
      "Failures in a row that eject a node for a while.");
  public static final Key<Duration> EJECT_COOLDOWN = duration("router.eject.cooldown", Duration.ofSeconds(30),
      "How long an ejected node gets no work.");
  public static final Key<Duration> STARTUP_GRACE = duration("router.startup.grace", Duration.ofSeconds(15),
      "After a start, nodes not yet heard from are not taken for dead.");
  public static final Key<Duration> HEARTBEAT_LAPSE = duration("router.heartbeat.lapse", Duration.ofSeconds(10),
      "A node whose heartbeat expired less than this long ago still gets work when no live node can take it.");
  public static final Key<Duration> DEDUP_RETENTION = duration("router.dedup.retention", Duration.ofHours(1),
      "How long an answered intent id is remembered (a repeat gets the same answer, not a second run).");
  public static final Key<Boolean> CACHE = flag("router.cache.enabled", true, "The semantic cache.");
  public static final Key<Double> CACHE_SIMILARITY = number("router.cache.similarity", 0.95, 0, 1,
      "Similarity at which a cached answer is served.");
  public static final Key<Double> CACHE_SECOND_STAGE = new Key<>("router.cache.second.stage", "a number from 0 to 1, "
      + "at most router.cache.similarity", "0.85 (or the similarity, when lower)",
      "Candidates from here up to the similarity are checked by the second stage (word contrast).",
      (s, n, d) -> s.doubleIn(n, d, 0, 1), null);
  public static final Key<Duration> CACHE_TTL = duration("router.cache.ttl", Duration.ofHours(1),
      "How long a cached answer is served.");
  public static final Key<Boolean> CACHE_GUARD = flag("router.cache.guard", true,
      "Refuse a cache hit whose numbers, names or negation differ from the question.");
  public static final Key<Duration> CACHE_SWEEP = duration("router.cache.sweep.interval", Duration.ofSeconds(10),
      "How often expired cache entries are removed.");
  public static final Key<Integer> CACHE_MAX_ENTRIES = integer("router.cache.max.entries", 20_000, 1, 10_000_000,
      "Cached answers kept at most; a sweep evicts the oldest beyond (every router holds them all in memory).");
  public static final Key<Duration> FORGET_AFTER = duration("router.forget.after", Duration.ofDays(7),
      "A node silent this long (at least 1h) leaves the gradient table; it returns when it re-announces.");
  public static final Key<Integer> PLAN_MAX_UNITS = integer("router.plan.max.units", 500, 1, 100_000,
      "Largest plan accepted.");
  public static final Key<Duration> PLAN_GRACE = duration("router.plan.deadline.grace", Duration.ofSeconds(30),
      "How long after its deadline a plan with units still open is closed.");
  public static final Key<Integer> CHUNK_TOKENS = integer("router.documents.chunk.tokens", 2048, 256, 1_000_000,
      "Context budget per map unit when the router summarises a posted document.");
  public static final Key<Boolean> PREFETCH = flag("router.prefetch.enabled", false,
      "Predict follow-up intents and answer them ahead.");
  public static final Key<Duration> PREFETCH_GAP = duration("router.prefetch.session.gap", Duration.ofMinutes(10),
      "A pause this long ends one origin's session.");
  public static final Key<Double> PREFETCH_SIMILARITY = number("router.prefetch.similarity", 0.9, 0, 1,
      "Intents this similar count as the same step of a session.");
  public static final Key<Integer> PREFETCH_MIN_COUNT = integer("router.prefetch.min.count", 2, 1, 1000,
      "Times a follow-up was seen before it is prefetched.");
  public static final Key<Integer> PREFETCH_MAX_TRANSITIONS = integer("router.prefetch.max.transitions", 200, 1,
      100_000, "Transitions kept per origin.");
  public static final Key<Double> EPSILON_BUDGET = number("router.federated.epsilon.budget", 3.0, 0.01, 1000,
      "Privacy budget (ε) of one dataset per window.");
  public static final Key<Duration> BUDGET_WINDOW = duration("router.federated.budget.window", Duration.ofHours(24),
      "Window of the privacy budget.");
  public static final Key<Double> MAX_EPSILON = number("router.federated.max.epsilon", 1.0, 0.001, 100,
      "Largest ε one federated query may spend.");
  public static final Key<Boolean> AFFINITY = flag("router.affinity.enabled", true,
      "Follow-up turns of a conversation go to the node that served the previous one.");
  public static final Key<Duration> AFFINITY_TTL = duration("router.affinity.ttl", Duration.ofMinutes(30),
      "How long a conversation's node is remembered.");
  public static final Key<Double> AFFINITY_TOLERANCE = number("router.affinity.tolerance", 0.25, 0, 1,
      "How much worse than the best the previous node may score and still keep the conversation.");
  public static final Key<Boolean> FEEDBACK = flag("router.feedback.enabled", true,
      "Learn from pins and feedback (nearest examples).");
  public static final Key<Boolean> AUTO_MIGRATION = flag("router.migration.enabled", false,
      "Move a model to the data: a local-only intent with no capable node asks for the model to be migrated.");

  private RouterKeys() {}
}
