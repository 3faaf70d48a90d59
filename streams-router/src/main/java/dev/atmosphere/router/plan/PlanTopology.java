package dev.atmosphere.router.plan;

import dev.atmosphere.router.RouterConfig;
import dev.atmosphere.schemas.Plan;
import dev.atmosphere.schemas.internal.PlanState;
import dev.atmosphere.schemas.serde.AvroSerdes;
import dev.atmosphere.schemas.topics.Topics;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.Stores;

/** The plans part of the router's topology (its own sub-topology: plans meet only their own units). */
public final class PlanTopology {

  public static final String PLAN_STORE = "plan-state";

  private PlanTopology() {}

  /**
   * Work plans: posted plans and documents (turned into map-reduce summary plans) plus unit results, all keyed by
   * plan id, through the {@link PlanProcessor}; units go out as intents on the router's own intents topic (their
   * origin is the plan's, proven or not), the aggregate to the plan results topic.
   *
   * @param verifiedPlans the plans topic's records decoded, their origin proven (forged ones dead-lettered,
   *     unsigned ones made {@code unverified:}), given the topic and a processor name
   */
  public static void add(StreamsBuilder builder, RouterConfig config, AvroSerdes serdes,
      java.util.function.BiFunction<String, String, KStream<String, Plan>> verifiedPlans) {
    Topics topics = config.topics();
    builder.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(PLAN_STORE), serdes.keys(),
        serdes.serde(PlanState.class)));
    int chunkChars = PlanTemplates.chunkChars(config.plans().documentChunkTokens());
    KStream<String, PlanEvent> posted =
        verifiedPlans.apply(topics.plans(), "plan").mapValues(PlanEvent::of, Named.as("plan-event"));
    KStream<String, PlanEvent> documents =
        builder.stream(topics.documents(), Consumed.with(serdes.keys(), serdes.document()).withName("documents-source"))
            .mapValues(d -> PlanEvent.of(PlanTemplates.summarize(d.getDocumentId(), d.getName(), d.getText(),
                d.getInstructions(), chunkChars, d.getCreatedAt())), Named.as("document-plan"));
    KStream<String, PlanEvent> units =
        builder.stream(topics.planUnits(), Consumed.with(serdes.keys(), serdes.result()).withName("plan-units-source"))
            .mapValues(PlanEvent::of, Named.as("plan-unit-event"));
    KStream<String, PlanOutput> out = posted.merge(documents, Named.as("plans-and-documents"))
        .merge(units, Named.as("plan-events"))
        .process(() -> new PlanProcessor(PLAN_STORE, new PlanValidator(config.plans().maxUnits()),
            config.failover().checkInterval(), config.plans().deadlineGrace()), Named.as("run-plan"), PLAN_STORE);
    out.filter((k, o) -> o.unit() != null, Named.as("plan-unit-out"))
        .map((k, o) -> KeyValue.pair(o.unit().getIntentId(), o.unit()), Named.as("plan-unit-intent"))
        .to(topics.routerIntents(), Produced.with(serdes.keys(), serdes.intent()).withName("plan-intents-sink"));
    out.filter((k, o) -> o.result() != null, Named.as("plan-result-out"))
        .mapValues(PlanOutput::result, Named.as("plan-result"))
        .to(topics.planResults(), Produced.with(serdes.keys(), serdes.planResult()).withName("plan-results-sink"));
  }

}
