package dev.atmosphere.scaler;

import dev.atmosphere.schemas.CapabilityAnnouncement;
import dev.atmosphere.schemas.CapabilityType;
import dev.atmosphere.schemas.NodeStatus;
import dev.atmosphere.schemas.ScaleCommand;
import dev.atmosphere.schemas.ScaleRecommendation;
import dev.atmosphere.schemas.internal.ScalerState;
import dev.atmosphere.scaler.policy.ScaleDecider;
import dev.atmosphere.scaler.policy.ScalingPolicies;
import dev.atmosphere.schemas.internal.LoadSample;
import dev.atmosphere.schemas.internal.LoadWindow;
import dev.atmosphere.schemas.serde.AvroSerdes;
import dev.atmosphere.schemas.topics.Topics;
import java.util.ArrayList;
import java.util.TreeSet;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.GlobalKTable;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Suppressed;
import org.apache.kafka.streams.kstream.TimeWindows;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.TimestampedKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;
import org.apache.kafka.streams.state.Stores;

/**
 * The scaler's first slice as a pure topology: every heartbeat is attributed to the capability types its node
 * offers (looked up in a global table of capabilities), re-keyed by type, folded into tumbling windows over
 * heartbeat time, and each closed window becomes one {@code ScaleRecommendation}.
 */
public final class ScalerTopology {

  public static final String CAPABILITY_STORE = "scaler-capabilities";
  public static final String WINDOW_STORE = "scaler-load-windows";
  public static final String STATE_STORE = "scaler-state";

  private ScalerTopology() {}

  /** @param meters where scale commands are counted ({@code atmosphere_scale_commands_total{type,action}}) */
  public static Topology build(ScalerConfig config, AvroSerdes serdes, io.micrometer.core.instrument.MeterRegistry meters) {
    for (String action : new String[] {"SCALE_UP", "SCALE_DOWN"}) { // dashboards read zero before the first one
      meters.counter("atmosphere.scale.commands", "type", "LLM", "action", action);
    }
    Topics topics = config.topics();
    StreamsBuilder builder = new StreamsBuilder();
    GlobalKTable<String, CapabilityAnnouncement> capabilities = builder.globalTable(topics.verifiedCapabilities(),
        Consumed.with(serdes.keys(), serdes.capability()).withName("scaler-capabilities-source"),
        Materialized.<String, CapabilityAnnouncement>as(Stores.inMemoryKeyValueStore(CAPABILITY_STORE))
            .withKeySerde(serdes.keys()).withValueSerde(serdes.capability()));

    KStream<String, ScaleRecommendation> recommendations = builder.stream(topics.verifiedNodeStatus(),
            Consumed.with(serdes.keys(), serdes.nodeStatus()).withName("node-status-source"))
        .process(TypesOfNode::new, Named.as("attribute-to-types"))
        .groupByKey(Grouped.with("load-by-type", Serdes.String(), serdes.serde(LoadSample.class)))
        .windowedBy(TimeWindows.ofSizeAndGrace(config.window(), config.grace()))
        .aggregate(ScalerTopology::emptyWindow, (type, sample, window) -> fold(sample, window), Named.as("fold-load"),
            Materialized.<String, LoadWindow>as(Stores.inMemoryWindowStore(WINDOW_STORE,
                    config.window().plus(config.grace()).multipliedBy(2), config.window(), false))
                .withKeySerde(Serdes.String()).withValueSerde(serdes.serde(LoadWindow.class)))
        .suppress(Suppressed.untilWindowCloses(Suppressed.BufferConfig.unbounded()).withName("closed-windows"))
        .toStream(Named.as("windows"))
        .map((w, load) -> KeyValue.pair(w.key(), dev.atmosphere.scaler.policy.Recommendations.of(
            config.policy(CapabilityType.valueOf(w.key())), config.queueDepthUp(), w.window().startTime(),
            w.window().endTime(), load)), Named.as("decide"));
    recommendations.to(topics.scaleRecommendations(),
        Produced.with(Serdes.String(), serdes.scaleRecommendation()).withName("recommendations-sink"));
    builder.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(STATE_STORE), Serdes.String(),
        serdes.serde(ScalerState.class)));
    recommendations.process(() -> new CommandProcessor(config.policies(), new ScaleDecider(config.dryRun()), meters),
            Named.as("decide-command"), STATE_STORE)
        .to(topics.scaleCommands(), Produced.with(Serdes.String(), serdes.serde(ScaleCommand.class))
            .withName("commands-sink"));
    return builder.build();
  }

  private static LoadWindow emptyWindow() {
    return LoadWindow.newBuilder().setNodes(new ArrayList<>()).build();
  }

  private static LoadWindow fold(LoadSample sample, LoadWindow window) {
    TreeSet<String> nodes = new TreeSet<>(window.getNodes());
    nodes.add(sample.getNodeId());
    return LoadWindow.newBuilder()
        .setSamples(window.getSamples() + 1)
        .setLoadSum(window.getLoadSum() + sample.getLoad())
        .setMaxQueueDepth(Math.max(window.getMaxQueueDepth(), sample.getQueueDepth()))
        .setNodes(new ArrayList<>(nodes))
        .build();
  }

  /**
   * Applies the type's policy to each window: commands with the reason, replicas and last command time kept per
   * type in a changelogged store (so cooldowns survive a restart). Types without a policy are left alone.
   */
  private static final class CommandProcessor implements Processor<String, ScaleRecommendation, String, ScaleCommand> {
    private final ScalingPolicies policies;
    private final ScaleDecider decider;
    private ProcessorContext<String, ScaleCommand> context;
    private org.apache.kafka.streams.state.KeyValueStore<String, ScalerState> state;

    private final io.micrometer.core.instrument.MeterRegistry meters;

    CommandProcessor(ScalingPolicies policies, ScaleDecider decider, io.micrometer.core.instrument.MeterRegistry meters) {
      this.meters = meters;
      this.policies = policies;
      this.decider = decider;
    }

    @Override
    public void init(ProcessorContext<String, ScaleCommand> context) {
      this.context = context;
      this.state = context.getStateStore(STATE_STORE);
    }

    @Override
    public void process(Record<String, ScaleRecommendation> record) {
      ScaleRecommendation window = record.value();
      if (window == null) {
        return;
      }
      policies.forType(window.getCapabilityType()).ifPresent(policy -> {
        ScalerState current = state.get(record.key());
        if (current == null) {
          current = ScalerState.newBuilder().setReplicas(window.getNodes().size()).build();
        }
        ScalerState before = current;
        decider.decide(policy, window, before).ifPresentOrElse(command -> {
          state.put(record.key(), ScalerState.newBuilder().setReplicas(command.getToReplicas())
              .setLastCommandAt(command.getWindowEnd()).build());
          context.forward(record.withValue(command));
          meters.counter("atmosphere.scale.commands", "type",
              command.getCapabilityType().name(), "action", command.getAction().name()).increment();
        }, () -> state.put(record.key(), before));
      });
    }
  }

  /** Forwards one sample per distinct capability type the reporting node currently offers. */
  private static final class TypesOfNode implements Processor<String, NodeStatus, String, LoadSample> {
    private ProcessorContext<String, LoadSample> context;
    private TimestampedKeyValueStore<String, CapabilityAnnouncement> capabilities;

    @Override
    public void init(ProcessorContext<String, LoadSample> context) {
      this.context = context;
      this.capabilities = context.getStateStore(CAPABILITY_STORE);
    }

    @Override
    public void process(Record<String, NodeStatus> record) {
      NodeStatus status = record.value();
      if (status == null) {
        return;
      }
      TreeSet<String> types = new TreeSet<>();
      try (KeyValueIterator<String, ValueAndTimestamp<CapabilityAnnouncement>> it =
          capabilities.prefixScan(status.getNodeId() + "|", Serdes.String().serializer())) {
        it.forEachRemaining(kv -> types.add(kv.value.value().getType().name()));
      }
      for (String type : types) {
        context.forward(record.withKey(type).withValue(LoadSample.newBuilder().setNodeId(status.getNodeId())
            .setLoad(status.getLoad()).setQueueDepth(status.getQueueDepth()).build())
            .withTimestamp(status.getReportedAt().toEpochMilli()));
      }
    }
  }
}
