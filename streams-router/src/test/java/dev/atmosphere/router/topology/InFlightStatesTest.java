package dev.atmosphere.router.topology;

import static dev.atmosphere.schemas.fixtures.Fixtures.intent;
import static org.assertj.core.api.Assertions.assertThat;

import dev.atmosphere.schemas.IntentKind;
import dev.atmosphere.schemas.internal.IntentState;
import dev.atmosphere.schemas.serde.AvroSerdes;
import dev.atmosphere.schemas.serde.InMemorySchemaRegistryClient;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

/** The decoded intents in flight stay what the lifecycle store holds, and start from what it restored. */
class InFlightStatesTest {

  private static final Instant NOW = Instant.parse("2026-11-29T10:00:00Z");

  private static KeyValueStore<String, IntentState> store() {
    AvroSerdes serdes = new AvroSerdes(new InMemorySchemaRegistryClient());
    KeyValueStore<String, IntentState> store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(
        RouterTopology.LIFECYCLE_STORE), Serdes.String(), serdes.serde(IntentState.class)).withLoggingDisabled().build();
    store.init(new MockProcessorContext<>().getStateStoreContext(), store);
    return store;
  }

  private static IntentState state(String id, String node) {
    return IntentState.newBuilder().setIntent(intent(id, IntentKind.CHAT, "q", NOW).build()).setAttempt(1)
        .setWorkId(id + "-w1").setNodeId(node).setCapabilityId("c").setDispatchedAt(NOW).setTriedNodes(List.of(node))
        .build();
  }

  @Test
  void shouldWriteThroughToTheStoreAndReadTheSameStates() {
    KeyValueStore<String, IntentState> store = store();
    InFlightStates inFlight = new InFlightStates(store);

    inFlight.put("b", state("b", "n1"));
    inFlight.put("a", state("a", "n1"));
    inFlight.put("b", state("b", "n2"));
    inFlight.delete("a");
    inFlight.delete("never");

    assertThat(store.get("b").getNodeId()).isEqualTo("n2");
    assertThat(store.get("a")).isNull();
    assertThat(inFlight.get("b")).isEqualTo(store.get("b"));
    assertThat(inFlight.get("a")).isNull();
    assertThat(inFlight.all()).containsExactly(store.get("b"));
  }

  @Test
  void shouldStartFromWhatTheStoreRestoredInKeyOrder() {
    KeyValueStore<String, IntentState> store = store();
    store.put("i-2", state("i-2", "n1")); // as a restore writes it, before the processor starts
    store.put("i-1", state("i-1", "n2"));

    InFlightStates inFlight = new InFlightStates(store);

    assertThat(inFlight.all()).extracting(s -> s.getIntent().getIntentId()).containsExactly("i-1", "i-2");
    assertThat(inFlight.get("i-2").getNodeId()).isEqualTo("n1");
    List<IntentState> walked = inFlight.all();
    inFlight.delete("i-1"); // the check finishes intents while it walks them
    assertThat(walked).hasSize(2);
  }
}
