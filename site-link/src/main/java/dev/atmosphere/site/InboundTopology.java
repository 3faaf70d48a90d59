package dev.atmosphere.site;

import dev.atmosphere.common.kafka.WireDecoder;
import dev.atmosphere.schemas.CapabilityAnnouncement;
import dev.atmosphere.schemas.serde.AvroSerdes;
import dev.atmosphere.schemas.topics.Topics;
import java.time.Duration;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.Stores;

/**
 * One end of a site link as a pure function: what MirrorMaker 2 copied from the other site (named
 * {@code <other>.<topic>}) is decoded with the other site's registry and written to this site's topics with this
 * site's — so every topic holds ids of its own cluster's registry and the two registries never need to agree.
 * Announcements get their site and hop count from the mirrored topic's name and go to the router's verifier like
 * local ones; work units go to their node's work topic (once, however often they were mirrored; refused back when the
 * node is not on this site or the deadline passed on the way); attempts and chunks go to the router and gateways. A
 * mirrored record that cannot be read goes to the router DLQ with its reason, and the link goes on.
 */
public final class InboundTopology {

  static final String LOCAL_CAPABILITIES = "site-local-capabilities";
  static final String SEEN_WORK = "site-seen-work";

  private InboundTopology() {}

  /**
   * @param local serdes of this site's registry
   * @param remote serdes of the other site's registry (what the mirrored bytes were written with)
   */
  public static Topology build(Topics topics, String site, String other, AvroSerdes local, AvroSerdes remote,
      Duration dedupRetention) {
    StreamsBuilder builder = new StreamsBuilder();
    builder.globalTable(topics.verifiedCapabilities(), Consumed.with(Serdes.String(), Serdes.ByteArray())
            .withName("local-capabilities-source"),
        Materialized.<String, byte[], org.apache.kafka.streams.state.KeyValueStore<org.apache.kafka.common.utils.Bytes,
            byte[]>>as(LOCAL_CAPABILITIES).withKeySerde(Serdes.String()).withValueSerde(Serdes.ByteArray()));
    String from = other + ".";
    mirrored(builder, from + topics.capabilities(), remote.capability().deserializer(), "mirrored-capability", topics,
        true)
        .processValues(() -> new Provenance(topics.capabilities()), Named.as("capability-provenance"))
        .to(topics.sites().remoteCapabilities(), Produced.with(Serdes.String(), local.capability())
            .withName("remote-capabilities-sink"));
    mirrored(builder, from + topics.nodeStatus(), remote.nodeStatus().deserializer(), "mirrored-node-status", topics,
        true)
        .to(topics.sites().remoteNodeStatus(), Produced.with(Serdes.String(), local.nodeStatus())
            .withName("remote-node-status-sink"));

    builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(SEEN_WORK), Serdes.String(),
        Serdes.Long()));
    KStream<String, InboundWork.Out> work =
        mirrored(builder, from + topics.sites().outbox(site, "work"), remote.work().deserializer(), "mirrored-work",
            topics, false)
            .process(() -> new InboundWork(other, site, dedupRetention), Named.as("admit-work"), SEEN_WORK);
    work.filter((k, o) -> o.work() != null, Named.as("admitted-work"))
        .mapValues(InboundWork.Out::work, Named.as("admitted-unit"))
        .to((k, unit, ctx) -> topics.work(unit.getNodeId()), Produced.with(Serdes.String(), local.work())
            .withName("work-sink"));
    work.filter((k, o) -> o.refusal() != null, Named.as("refused-work"))
        .mapValues(InboundWork.Out::refusal, Named.as("refusal"))
        .to(topics.sites().outbox(other, "attempts"), Produced.with(Serdes.String(), local.result())
            .withName("refusal-sink"));

    mirrored(builder, from + topics.sites().outbox(site, "attempts"), remote.result().deserializer(),
        "mirrored-attempt", topics, false)
        .to(topics.attempts(), Produced.with(Serdes.String(), local.result())
            .withName("attempts-sink"));
    mirrored(builder, from + topics.sites().outbox(site, "chunks"), remote.chunk().deserializer(), "mirrored-chunk",
        topics, false)
        .to(topics.resultChunks(), Produced.with(Serdes.String(), local.chunk())
            .withName("chunks-sink"));
    return builder.build();
  }

  /**
   * A mirrored topic decoded with the other site's registry inside the topology: a record that cannot be read is a dead
   * letter on the router DLQ with its reason (a source's deserialization handler would only log and skip it); a
   * registry that cannot be reached is a fault, read again.
   */
  private static <T> KStream<String, T> mirrored(StreamsBuilder builder, String topic,
      org.apache.kafka.common.serialization.Deserializer<T> deserializer, String name, Topics topics,
      boolean tombstones) {
    return WireDecoder.source(builder, topic, Serdes.String(), deserializer, name, topics.routerDlq(),
        WireDecoder.Check.none(), tombstones, () -> { });
  }

  /**
   * Sets where an announcement came from, read from the name of the topic MirrorMaker 2 copied it into: each mirror
   * puts its source alias and a dot in front ({@code a.atmosphere.capabilities}; from c via a,
   * {@code a.c.atmosphere.capabilities}), so the aliases in front of the original name are the hops and the last one
   * is the site the capability lives on. (Links copy only unprefixed topics, so today there is one hop.) (The replication policy's own parser cannot be used: our topic names contain dots too.)
   */
  private static final class Provenance
      implements org.apache.kafka.streams.processor.api.FixedKeyProcessor<String, CapabilityAnnouncement,
          CapabilityAnnouncement> {

    private final String original;
    private org.apache.kafka.streams.processor.api.FixedKeyProcessorContext<String, CapabilityAnnouncement> context;

    Provenance(String original) {
      this.original = original;
    }

    @Override
    public void init(
        org.apache.kafka.streams.processor.api.FixedKeyProcessorContext<String, CapabilityAnnouncement> context) {
      this.context = context;
    }

    @Override
    public void process(org.apache.kafka.streams.processor.api.FixedKeyRecord<String, CapabilityAnnouncement> record) {
      CapabilityAnnouncement cap = record.value();
      if (cap == null) {
        context.forward(record); // a tombstone stays one
        return;
      }
      String topic = context.recordMetadata().map(m -> m.topic()).orElseThrow();
      String[] aliases = topic.substring(0, topic.length() - original.length() - 1).split("\\.");
      context.forward(record.withValue(CapabilityAnnouncement.newBuilder(cap)
          .setCluster(aliases[aliases.length - 1]).setHops(aliases.length).build()));
    }
  }

}
