package dev.atmosphere.router.topology;

import dev.atmosphere.common.kafka.WireDecoder;

import dev.atmosphere.router.Routed;
import dev.atmosphere.common.embed.Embedder;
import dev.atmosphere.router.RoutePlanner;
import dev.atmosphere.router.failover.NodeBreaker;
import dev.atmosphere.router.failover.Outstanding;
import dev.atmosphere.schemas.internal.IntentState;
import dev.atmosphere.router.RouterConfig;
import dev.atmosphere.schemas.CapabilityAnnouncement;
import dev.atmosphere.schemas.NodeStatus;
import dev.atmosphere.schemas.serde.AvroSerdes;
import dev.atmosphere.schemas.serde.GenericWireReader;
import dev.atmosphere.schemas.topics.Topics;
import dev.atmosphere.router.cache.SemanticCache;
import dev.atmosphere.router.federated.FederatedTopology;
import dev.atmosphere.router.feedback.FeedbackUpdater;
import dev.atmosphere.router.feedback.LearnedExamples;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The router as a pure function of its config and serdes. Announcements and heartbeats are verified first (see
 * {@link AnnouncementVerifier}) into the {@code .verified} topics; the gradient table is two global stores over
 * those (every router instance sees every capability and heartbeat, which scoring needs); intents stream through
 * the routing processor and fan out to routes, the chosen node's work topic, or results when nothing qualifies.
 */
public final class RouterTopology {

  public static final String CAPABILITY_STORE = "gradient-capabilities";
  public static final String NODE_STORE = "gradient-node-status";
  public static final String LIFECYCLE_STORE = "intent-lifecycle";
  public static final String CACHE_STORE = "semantic-cache";
  /** People's word on routes: a global store over the compacted feedback topic (the learned examples). */
  public static final String FEEDBACK_STORE = "route-feedback";
  /** Where each conversation's latest turn ran: a global store over the compacted affinity topic. */
  public static final String AFFINITY_STORE = "conversation-affinity";
  /** Terminal results by intent id, kept for {@code router.dedup.retention}: a re-posted intent id is not re-run. */
  public static final String ANSWERED_STORE = "answered-intents";
  /** Where each model migration stands: a global store over the compacted migrations topic (a parked intent reads it). */
  public static final String MIGRATION_STORE = "migration-status";
  public static final String PREFETCH_STORE = "prefetch-history";

  private RouterTopology() {}

  /** @param meters where the router's counters and timers are recorded (see {@link RouterMeters}) */
  public static Topology build(RouterConfig config, AvroSerdes serdes, Embedder embedder,
      io.micrometer.core.instrument.MeterRegistry meters) {
    Topics topics = config.topics();
    RouterMeters recorded = new RouterMeters(meters, topics.routerDlq());
    StreamsBuilder builder = new StreamsBuilder();
    GenericWireReader reader = new GenericWireReader(serdes.registry());
    verify(builder, config, serdes, reader, java.util.List.of(topics.capabilities(),
        topics.sites().remoteCapabilities()), topics.verifiedCapabilities(), "capabilities", true, recorded);
    verify(builder, config, serdes, reader, java.util.List.of(topics.nodeStatus(),
        topics.sites().remoteNodeStatus()), topics.verifiedNodeStatus(), "node-status", false, recorded);
    LearnedExamples learned = new LearnedExamples(embedder, config.learnFromFeedback());
    RoutePlanner planner = config.planner(embedder, learned);
    GradientIndex index = new GradientIndex(planner::vectors);
    dev.atmosphere.router.cache.CacheIndex cacheIndex = new dev.atmosphere.router.cache.CacheIndex();
    builder.addGlobalStore(
        store(CAPABILITY_STORE, serdes, serdes.capability()),
        topics.verifiedCapabilities(),
        Consumed.with(serdes.keys(), serdes.capability()).withName("verified-capabilities-source"),
        () -> new SequencedTableUpdater<CapabilityAnnouncement>(CAPABILITY_STORE, CapabilityAnnouncement::getSequence,
            index::capability));
    builder.addGlobalStore(
        store(NODE_STORE, serdes, serdes.nodeStatus()),
        topics.verifiedNodeStatus(),
        Consumed.with(serdes.keys(), serdes.nodeStatus()).withName("verified-node-status-source"),
        () -> new SequencedTableUpdater<NodeStatus>(NODE_STORE, NodeStatus::getSequence,
            index.heartbeats())); // liveness bounded by this router's clock

    builder.addGlobalStore(
        store(CACHE_STORE, serdes, serdes.cacheEntry()),
        topics.cache(),
        Consumed.with(serdes.keys(), serdes.cacheEntry()).withName("semantic-cache-source"),
        () -> new SequencedTableUpdater<dev.atmosphere.schemas.CacheEntry>(CACHE_STORE,
            e -> e.getStoredAt().toEpochMilli(), cacheIndex::update)); // decoded once, grouped by context

    builder.addGlobalStore(
        store(AFFINITY_STORE, serdes, serdes.serde(dev.atmosphere.schemas.ConversationTurn.class)),
        topics.affinity(),
        Consumed.with(serdes.keys(), serdes.serde(dev.atmosphere.schemas.ConversationTurn.class))
            .withName("affinity-source"),
        () -> new SequencedTableUpdater<dev.atmosphere.schemas.ConversationTurn>(AFFINITY_STORE,
            t -> t.getAnsweredAt().toEpochMilli()));

    builder.addGlobalStore(
        store(FEEDBACK_STORE, serdes, serdes.serde(dev.atmosphere.schemas.RouteFeedback.class)),
        topics.feedback(),
        Consumed.with(serdes.keys(), serdes.serde(dev.atmosphere.schemas.RouteFeedback.class))
            .withName("feedback-source"),
        () -> new FeedbackUpdater(FEEDBACK_STORE, learned));

    builder.addGlobalStore(
        store(MIGRATION_STORE, serdes, serdes.serde(dev.atmosphere.schemas.MigrationEvent.class)),
        topics.migrations(),
        Consumed.with(serdes.keys(), serdes.serde(dev.atmosphere.schemas.MigrationEvent.class))
            .withName("migrations-source"),
        () -> new SequencedTableUpdater<dev.atmosphere.schemas.MigrationEvent>(MIGRATION_STORE,
            e -> e.getAt().toEpochMilli()));

    Outstanding outstanding = new Outstanding();
    NodeBreaker breaker = new NodeBreaker(config.failover().ejectAfterFailures(), config.failover().ejectCoolDown());
    builder.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(LIFECYCLE_STORE), serdes.keys(),
        serdes.serde(IntentState.class)));
    builder.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(ANSWERED_STORE), serdes.keys(),
        serdes.result()));
    KStream<String, dev.atmosphere.schemas.Intent> decodedIntents =
        decoded(builder, serdes, topics.intents(), serdes.intent().deserializer(), "intent", topics.routerDlq(),
            OriginProof.intents(reader, recorded), recorded)
            .merge(decoded(builder, serdes, topics.routerIntents(), serdes.intent().deserializer(), "router-intent",
                topics.routerDlq(), WireDecoder.Check.none(), recorded), Named.as("posted-and-router-intents"));
    KStream<String, LifecycleEvent> intents =
        decodedIntents.mapValues(LifecycleEvent::of, Named.as("intent-event"));
    if (config.prefetch().enabled()) {
      prefetch(builder, config, serdes, embedder, decodedIntents);
    }
    KStream<String, LifecycleEvent> attempts =
        decoded(builder, serdes, topics.attempts(), serdes.result().deserializer(), "attempt", topics.routerDlq(),
            new AttemptProof(reader, recorded), recorded)
            .mapValues(LifecycleEvent::of, Named.as("attempt-event"));
    KStream<String, Routed> routed =
        intents.merge(attempts, Named.as("intent-events"))
            .process(() -> new IntentLifecycleProcessor(planner, config.failover(), outstanding, breaker,
                    new SemanticCache(embedder, config.cache(), cacheIndex), config.affinity(), index,
                    new AutoMigration(config.autoMigration()), recorded), Named.as("route-intent"),
                LIFECYCLE_STORE,
                ANSWERED_STORE);

    routed.filter((k, r) -> r.decision() != null, Named.as("decided"))
        .mapValues(Routed::decision, Named.as("decision"))
        .to(topics.routes(), Produced.with(serdes.keys(), serdes.route()).withName("routes-sink"));
    routed.filter((k, r) -> r.work() != null, Named.as("routed-to-node"))
        .mapValues(Routed::work, Named.as("work-unit"))
        .to((k, work, ctx) -> work.getSite() == null ? topics.work(work.getNodeId())
                : topics.sites().outbox(work.getSite(), "work"),
            Produced.with(serdes.keys(), serdes.work()).withName("work-sink"));
    routed.filter((k, r) -> r.result() != null, Named.as("terminal"))
        .mapValues(Routed::result, Named.as("terminal-result"))
        .to(topics.results(), Produced.with(serdes.keys(), serdes.result()).withName("results-sink"));
    routed.filter((k, r) -> r.result() != null && r.result().getPlanId() != null, Named.as("plan-unit-terminal"))
        .map((k, r) -> KeyValue.pair(r.result().getPlanId(), r.result()), Named.as("plan-unit-by-plan"))
        .to(topics.planUnits(), Produced.with(serdes.keys(), serdes.result()).withName("plan-units-sink"));
    routed.filter((k, r) -> r.cacheKey() != null, Named.as("cache-write"))
        .mapValues(Routed::cacheEntry, Named.as("cache-entry"))
        .to(topics.cache(), Produced.with(serdes.keys(), serdes.cacheEntry()).withName("cache-sink"));
    routed.filter((k, r) -> r.migration() != null, Named.as("migration-request"))
        .mapValues(Routed::migration, Named.as("migration-event"))
        .to(topics.migrations(), Produced.with(serdes.keys(), serdes.serde(dev.atmosphere.schemas.MigrationEvent.class))
            .withName("migrations-sink"));
    routed.filter((k, r) -> r.example() != null, Named.as("pinned-example"))
        .mapValues(Routed::example, Named.as("example-value"))
        .to(topics.feedback(), Produced.with(serdes.keys(), serdes.serde(dev.atmosphere.schemas.RouteFeedback.class))
            .withName("examples-sink"));
    routed.filter((k, r) -> r.affinityKey() != null, Named.as("affinity-write"))
        .mapValues(Routed::affinityTurn, Named.as("affinity-turn"))
        .to(topics.affinity(), Produced.with(serdes.keys(), serdes.serde(dev.atmosphere.schemas.ConversationTurn.class))
            .withName("affinity-sink"));
    dev.atmosphere.router.plan.PlanTopology.add(builder, config, serdes,
        (plans, name) -> decoded(builder, serdes, plans, serdes.plan().deserializer(), name, topics.routerDlq(),
            OriginProof.plans(reader, recorded), recorded));
    FederatedTopology.add(builder, config, serdes, embedder, CAPABILITY_STORE, NODE_STORE);
    return builder.build();
  }

  /**
   * Predictive prefetching: intents re-keyed by origin onto a provisioned topic (not an internal repartition topic,
   * which would be created without the KAFKA-15591 guard), then the per-origin follow-up predictor, whose
   * predictions re-enter as prefetch intents.
   */
  private static void prefetch(StreamsBuilder builder, RouterConfig config, AvroSerdes serdes, Embedder embedder,
      KStream<String, dev.atmosphere.schemas.Intent> intents) {
    Topics topics = config.topics();
    builder.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(PREFETCH_STORE), serdes.keys(),
        serdes.serde(dev.atmosphere.schemas.internal.PrefetchHistory.class)));
    intents.filter((k, i) -> !i.getPrefetch() && !i.getDryRun(), Named.as("prefetch-candidates"))
        .selectKey((k, i) -> i.getOriginNodeId() == null ? "anonymous" : i.getOriginNodeId(),
            Named.as("by-origin"))
        .to(topics.intentsByOrigin(), Produced.with(serdes.keys(), serdes.intent()).withName("by-origin-sink"));
    builder.stream(topics.intentsByOrigin(), Consumed.with(serdes.keys(), serdes.intent())
            .withName("by-origin-source"))
        .process(() -> new dev.atmosphere.router.prefetch.FollowUpPredictor(PREFETCH_STORE, config.prefetch(),
            embedder), Named.as("predict-follow-up"), PREFETCH_STORE)
        .to(topics.routerIntents(), Produced.with(serdes.keys(), serdes.intent()).withName("prefetch-sink"));
  }

  /**
   * Announcements and heartbeats enter the gradient table only through the verifier: signed by the key the node
   * id is bound to, trusted, newer than the last accepted; rejects go to the router DLQ with the reason. Another
   * site's announcements (brought in by the site link) pass the same checks: a site trusts no other site's router.
   */
  private static void verify(StreamsBuilder builder, RouterConfig config, AvroSerdes serdes, GenericWireReader reader,
      java.util.List<String> sources, String verifiedTopic, String name, boolean capabilities, RouterMeters meters) {
    String store = "verified-sequence-" + name;
    builder.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(store), serdes.keys(),
        Serdes.Long()));
    KStream<String, Verified> verdicts =
        builder.stream(sources, Consumed.with(serdes.keys(), Serdes.ByteArray()).withName(name + "-source"))
            .process(() -> new AnnouncementVerifier(store, capabilities, config.trust(), reader, config.forgetAfter()),
                Named.as("verify-" + name), store);
    verdicts.filter((k, v) -> v.admitted(), Named.as("admitted-" + name))
        .mapValues(Verified::bytes, Named.as("admitted-bytes-" + name))
        .to(verifiedTopic, Produced.with(serdes.keys(), Serdes.ByteArray()).withName("verified-" + name + "-sink"));
    verdicts.filter((k, v) -> !v.admitted(), Named.as("rejected-" + name))
        .peek((k, v) -> meters.deadLetter(), Named.as("rejected-count-" + name))
        .mapValues(Verified::bytes, Named.as("rejected-bytes-" + name))
        .to(config.topics().routerDlq(), Produced.with(serdes.keys(), Serdes.ByteArray())
            .withName("rejected-" + name + "-sink"));
  }

  /** A source decoded inside the topology: what cannot be read goes to {@code dlq} with the reason in its headers. */
  private static <T> KStream<String, T> decoded(StreamsBuilder builder, AvroSerdes serdes, String topic,
      org.apache.kafka.common.serialization.Deserializer<T> deserializer, String name, String dlq,
      WireDecoder.Check<T> check, RouterMeters meters) {
    return WireDecoder.source(builder, topic, serdes.keys(), deserializer, name, dlq, check, false, meters::deadLetter);
  }

  private static <V> StoreBuilder<KeyValueStore<String, V>> store(
      String name, AvroSerdes serdes, org.apache.kafka.common.serialization.Serde<V> values) {
    return Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name), serdes.keys(), values)
        .withLoggingDisabled();
  }
}
