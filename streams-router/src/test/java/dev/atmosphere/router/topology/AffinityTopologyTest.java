package dev.atmosphere.router.topology;

import static dev.atmosphere.router.topology.RouterHarness.T0;
import static dev.atmosphere.schemas.fixtures.Fixtures.intent;
import static org.assertj.core.api.Assertions.assertThat;

import dev.atmosphere.common.testing.FixedEmbedder;
import dev.atmosphere.schemas.ChatMessage;
import dev.atmosphere.schemas.IntentKind;
import dev.atmosphere.schemas.RouteDecision;
import dev.atmosphere.schemas.WorkStatus;
import dev.atmosphere.schemas.WorkUnit;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Multi-turn affinity: follow-up turns of a conversation go back to the node that answered the previous turn (its
 * KV cache is warm), recognised from the conversation itself; the route says why; a node that failed or whose
 * heartbeat makes it ineligible is not chosen for it; with affinity off the turns scatter.
 */
class AffinityTopologyTest {

  @TempDir Path state;

  private static ChatMessage m(String role, String content) {
    return new ChatMessage(role, content, List.of(), null, null);
  }

  /** Runs {@code conversations} conversations of three turns; returns the share of follow-ups on the same node. */
  private double stickiness(Map<String, String> overrides, int conversations, List<String> reasons) {
    try (RouterHarness mesh = new RouterHarness(state.resolve(overrides.toString().hashCode() + ""),
        new FixedEmbedder(), new java.util.HashMap<>(Map.of("router.cache.enabled", "false")) {{
          putAll(overrides);
        }})) {
      mesh.node("a", "ollama:llm:llama3.2", "general chat");
      mesh.node("b", "ollama:llm:llama3.2", "general chat");
      int sticky = 0;
      int followUps = 0;
      List<List<ChatMessage>> conversations_ = new ArrayList<>();
      String[] previous = new String[conversations];
      for (int c = 0; c < conversations; c++) {
        conversations_.add(new ArrayList<>());
      }
      for (int turn = 0; turn < 3; turn++) { // the conversations run side by side, as users do
        List<WorkUnit> units = new ArrayList<>();
        for (int other = 0; other < turn; other++) { // someone else's requests arrive in between
          String id = "other-" + turn + "-" + other;
          mesh.intents.pipeInput(id, intent(id, IntentKind.CHAT, "unrelated " + id, T0).build());
          units.add(mesh.dispatched().get(0));
        }
        for (int c = 0; c < conversations; c++) {
          List<ChatMessage> conversation = conversations_.get(c);
          conversation.add(m("user", "conversation " + c + " question " + turn));
          String id = "c" + c + "-t" + turn;
          mesh.intents.pipeInput(id, intent(id, IntentKind.CHAT, "conversation " + c + " question " + turn, T0)
              .setMessages(List.copyOf(conversation)).build());
          WorkUnit unit = mesh.dispatched().get(0);
          units.add(unit);
          if (previous[c] != null) {
            followUps++;
            sticky += unit.getNodeId().equals(previous[c]) ? 1 : 0;
          }
          previous[c] = unit.getNodeId();
          conversation.add(m("assistant", "answer to conversation " + c + " question " + turn));
        }
        units.forEach(u -> mesh.answer(u, WorkStatus.SUCCEEDED));
      }
      mesh.driver.createOutputTopic(mesh.topics.routes(), new StringDeserializer(),
          mesh.serdes.route().deserializer()).readValuesToList().stream().map(RouteDecision::getReason)
          .filter(r -> r != null).forEach(reasons::add);
      return (double) sticky / followUps;
    }
  }

  @Test
  void shouldSendFollowUpsToTheNodeThatAnsweredThePreviousTurn() {
    List<String> reasons = new ArrayList<>();
    double withAffinity = stickiness(Map.of(), 20, reasons);
    double without = stickiness(Map.of("router.affinity.enabled", "false"), 20, new ArrayList<>());

    assertThat(withAffinity).isEqualTo(1.0);
    assertThat(without).isLessThan(0.9); // two equal nodes: balancing alone scatters the turns
    assertThat(reasons).filteredOn(r -> r.startsWith("affinity:")).hasSize(40); // every follow-up, nothing else
  }

  /** Two equal nodes serving one model. */
  private RouterHarness twoNodes() {
    RouterHarness mesh = new RouterHarness(state, new FixedEmbedder(), Map.of("router.cache.enabled", "false"));
    mesh.node("a", "ollama:llm:llama3.2", "general chat");
    mesh.node("b", "ollama:llm:llama3.2", "general chat");
    return mesh;
  }

  /** The conversation's first turn, "hello", asked and answered ("answer to hello"). */
  private static WorkUnit firstTurnAnswered(RouterHarness mesh) {
    mesh.intents.pipeInput("t0", intent("t0", IntentKind.CHAT, "hello", T0).setMessages(List.of(m("user", "hello")))
        .build());
    WorkUnit first = mesh.dispatched().get(0);
    mesh.answer(first, WorkStatus.SUCCEEDED);
    return first;
  }

  @Test
  void shouldNotStickToANodeThatFailedTheFollowUp() {
    try (RouterHarness mesh = twoNodes()) {
      WorkUnit first = firstTurnAnswered(mesh);
      mesh.intents.pipeInput("t1", intent("t1", IntentKind.CHAT, "and then?", T0).setMessages(List.of(
          m("user", "hello"), m("assistant", "answer to hello"), m("user", "and then?"))).build());
      WorkUnit sticky = mesh.dispatched().get(0);
      mesh.answer(sticky, WorkStatus.FAILED);
      WorkUnit failover = mesh.dispatched().get(0);

      assertThat(sticky.getNodeId()).isEqualTo(first.getNodeId());
      assertThat(failover.getNodeId()).isNotEqualTo(first.getNodeId());
    }
  }

  @Test
  void shouldExplainADryRunFollowUpWithTheNodeThatAnsweredThePreviousTurnWithoutRunningIt() {
    try (RouterHarness mesh = twoNodes()) {
      WorkUnit first = firstTurnAnswered(mesh);
      var routes = mesh.driver.createOutputTopic(mesh.topics.routes(), new StringDeserializer(),
          mesh.serdes.route().deserializer());
      routes.readValuesToList(); // the first turn's

      mesh.intents.pipeInput("dry", intent("dry", IntentKind.CHAT, "and then?", T0).setDryRun(true)
          .setMessages(List.of(m("user", "hello"), m("assistant", "answer to hello"), m("user", "and then?"))).build());

      assertThat(mesh.dispatched()).isEmpty();
      assertThat(routes.readValuesToList()).singleElement().satisfies(d -> {
        assertThat(d.getChosenNodeId()).isEqualTo(first.getNodeId());
        assertThat(d.getReason()).startsWith("affinity: the conversation's previous turn was answered here");
      });
    }
  }
}
