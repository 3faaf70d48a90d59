package dev.atmosphere.router.federated;

import dev.atmosphere.common.embed.Embedder;
import dev.atmosphere.router.RouterConfig;
import dev.atmosphere.schemas.serde.AvroSerdes;
import dev.atmosphere.schemas.topics.Topics;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.Stores;

/** The router's federated sub-topology: queries and parts in, tasks and results out, the ledger in between. */
public final class FederatedTopology {

  public static final String FEDERATED_STORE = "federated-state";
  /** Each node's ε spending: changelogged, written only here — no client can reset it. */
  public static final String BUDGET_STORE = "federated-budget";

  private FederatedTopology() {}

  /**
   * Federated queries with differential privacy: queries and the nodes' noised parts, both keyed by query id on
   * single-partition topics, through the {@link FederatedProcessor} (budget ledger, tasks, aggregate).
   */
  public static void add(StreamsBuilder builder, RouterConfig config, AvroSerdes serdes, Embedder embedder,
      String capabilityStore, String nodeStore) {
    Topics topics = config.topics();
    builder.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(FEDERATED_STORE), serdes.keys(),
        serdes.serde(dev.atmosphere.schemas.internal.FederatedState.class)));
    builder.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(BUDGET_STORE), serdes.keys(),
        serdes.serde(dev.atmosphere.schemas.BudgetLedger.class)));
    KStream<String, FederatedEvent> queries = builder.stream(topics.federatedQueries(),
            Consumed.with(serdes.keys(), serdes.serde(dev.atmosphere.schemas.FederatedQuery.class))
                .withName("federated-queries-source"))
        .mapValues(FederatedEvent::of, Named.as("federated-query-event"));
    KStream<String, FederatedEvent> parts = builder.stream(topics.federatedParts(),
            Consumed.with(serdes.keys(), serdes.serde(dev.atmosphere.schemas.FederatedPart.class))
                .withName("federated-parts-source"))
        .mapValues(FederatedEvent::of, Named.as("federated-part-event"));
    KStream<String, FederatedEvent> out = queries.merge(parts, Named.as("federated-events"))
        .process(() -> new FederatedProcessor(FEDERATED_STORE, BUDGET_STORE, config.federatedBudget(),
                config.federatedMaxEpsilon(), config.failover().checkInterval(),
                ctx -> FederatedProcessor.participants(ctx, capabilityStore, nodeStore, embedder)),
            Named.as("run-federated"), FEDERATED_STORE, BUDGET_STORE);
    out.filter((k, e) -> e.task() != null, Named.as("federated-task-out"))
        .mapValues(FederatedEvent::task, Named.as("federated-task"))
        .to(topics.federatedTasks(), Produced.with(serdes.keys(),
            serdes.serde(dev.atmosphere.schemas.FederatedTask.class)).withName("federated-tasks-sink"));
    out.filter((k, e) -> e.result() != null, Named.as("federated-result-out"))
        .mapValues(FederatedEvent::result, Named.as("federated-result"))
        .to(topics.federatedResults(), Produced.with(serdes.keys(),
            serdes.serde(dev.atmosphere.schemas.FederatedResult.class)).withName("federated-results-sink"));
  }
}
