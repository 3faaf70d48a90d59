package dev.atmosphere.router.topology;

import dev.atmosphere.common.embed.Embedder;
import dev.atmosphere.router.RouterConfig;
import dev.atmosphere.router.scoring.Scorer;
import dev.atmosphere.schemas.CapabilityAnnouncement;
import dev.atmosphere.schemas.NodeStatus;
import dev.atmosphere.schemas.serde.AvroSerdes;
import dev.atmosphere.schemas.topics.Topics;
import org.apache.kafka.common.serialization.Serdes;
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
 * The router as a pure function of its config and serdes. The gradient table is two global stores (every
 * router instance sees every capability and heartbeat, which scoring needs); intents stream through the
 * routing processor and fan out to routes, the chosen node's work topic, or results when nothing qualifies.
 */
public final class RouterTopology {

  public static final String CAPABILITY_STORE = "gradient-capabilities";
  public static final String NODE_STORE = "gradient-node-status";

  private RouterTopology() {}

  public static Topology build(RouterConfig config, AvroSerdes serdes, Embedder embedder) {
    Topics topics = config.topics();
    StreamsBuilder builder = new StreamsBuilder();
    builder.addGlobalStore(
        store(CAPABILITY_STORE, serdes, serdes.capability()),
        topics.capabilities(),
        Consumed.with(serdes.keys(), serdes.capability()).withName("capabilities-source"),
        () -> new SequencedTableUpdater<CapabilityAnnouncement>(CAPABILITY_STORE, CapabilityAnnouncement::getSequence));
    builder.addGlobalStore(
        store(NODE_STORE, serdes, serdes.nodeStatus()),
        topics.nodeStatus(),
        Consumed.with(serdes.keys(), serdes.nodeStatus()).withName("node-status-source"),
        () -> new SequencedTableUpdater<NodeStatus>(NODE_STORE, NodeStatus::getSequence));

    Scorer scorer = new Scorer(config.policy());
    KStream<String, DecodedIntent> decoded =
        builder.stream(topics.intents(), Consumed.with(serdes.keys(), Serdes.ByteArray()).withName("intents-source"))
            .process(() -> new IntentDecoder(serdes.intent().deserializer()), Named.as("decode-intent"));
    decoded.filter((k, d) -> d.failed(), Named.as("undecodable-intent"))
        .mapValues(DecodedIntent::raw, Named.as("undecodable-bytes"))
        .to(topics.routerDlq(), Produced.with(serdes.keys(), Serdes.ByteArray()).withName("router-dlq-sink"));
    KStream<String, Routed> routed =
        decoded.filter((k, d) -> !d.failed(), Named.as("decoded-intent"))
            .mapValues(DecodedIntent::intent, Named.as("intent"))
            .process(() -> new IntentRoutingProcessor(topics, scorer, embedder, config.maxCandidatesInDecision()),
                Named.as("route-intent"));

    routed.mapValues(Routed::decision, Named.as("decision"))
        .to(topics.routes(), Produced.with(serdes.keys(), serdes.route()).withName("routes-sink"));
    routed.filter((k, r) -> r.work() != null, Named.as("routed-to-node"))
        .mapValues(Routed::work, Named.as("work-unit"))
        .to((k, work, ctx) -> topics.work(work.getNodeId()),
            Produced.with(serdes.keys(), serdes.work()).withName("work-sink"));
    routed.filter((k, r) -> r.result() != null, Named.as("not-routed"))
        .mapValues(Routed::result, Named.as("no-route-result"))
        .to(topics.results(), Produced.with(serdes.keys(), serdes.result()).withName("no-route-results-sink"));
    return builder.build();
  }

  private static <V> StoreBuilder<KeyValueStore<String, V>> store(
      String name, AvroSerdes serdes, org.apache.kafka.common.serialization.Serde<V> values) {
    return Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name), serdes.keys(), values)
        .withLoggingDisabled();
  }
}
