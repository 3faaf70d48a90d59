package dev.atmosphere.router.topology;

import static dev.atmosphere.router.topology.RouterHarness.T0;
import static dev.atmosphere.schemas.fixtures.Fixtures.intent;
import static org.assertj.core.api.Assertions.assertThat;

import dev.atmosphere.common.embed.CachingEmbedder;
import dev.atmosphere.common.embed.MiniLmEmbedder;
import dev.atmosphere.schemas.IntentKind;
import dev.atmosphere.schemas.RouteDecision;
import dev.atmosphere.schemas.RouteFeedback;
import dev.atmosphere.schemas.WorkStatus;
import dev.atmosphere.schemas.WorkUnit;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Learning from use: a person marks a route wrong and names the right capability (the compacted feedback topic):
 * the same question goes right at once; after a few such corrections similar intents follow, while unrelated ones
 * are routed as before.
 */
class FeedbackTopologyTest {

  @TempDir Path state;

  private static String route(RouterHarness mesh, String id, String text) {
    mesh.intents.pipeInput(id, intent(id, IntentKind.CHAT, text, T0).build());
    WorkUnit unit = mesh.dispatched().get(0);
    mesh.answer(unit, WorkStatus.SUCCEEDED);
    return unit.getCapabilityId();
  }

  @Test
  void shouldSendSimilarIntentsWhereFeedbackSaidTheyBelong() {
    try (RouterHarness mesh = new RouterHarness(state, new CachingEmbedder(new MiniLmEmbedder(), 1_000),
        Map.of("router.cache.enabled", "false"))) {
      mesh.node("a", "llamafarm:rag:acme/finance-reports", "Analyses the quarterly and annual financial reports: "
          + "revenue, margins, cash flow and balance sheet");
      mesh.node("b", "llamafarm:llm:acme/sql", "Writes SQL queries for the analytics warehouse");
      String before = route(mesh, "i1", "total revenue per region per week from the orders table");
      var feedback = mesh.driver.createInputTopic(mesh.topics.feedback(), new StringSerializer(),
          mesh.serdes.serde(RouteFeedback.class).serializer());
      feedback.pipeInput("i1", new RouteFeedback("i1", "total revenue per region per week from the orders table",
          before, false, "llamafarm:llm:acme/sql", T0));
      String again = route(mesh, "i2", "total revenue per region per week from the orders table");
      for (String text : List.of("number of orders per customer from the orders table",
          "average order value per month from the orders table")) { // a few more corrections
        String id = "fix-" + text.hashCode();
        String went = route(mesh, id, text);
        boolean good = went.equals("llamafarm:llm:acme/sql");
        feedback.pipeInput(id, new RouteFeedback(id, text, went, good, good ? null : "llamafarm:llm:acme/sql", T0));
      }
      List<String> similar = List.of(route(mesh, "i3", "revenue by country per month from the orders table"),
          route(mesh, "i4", "weekly order totals per region from the orders table"));
      String unrelated = route(mesh, "i5", "why did gross margin drop in the annual report");
      Map<String, RouteDecision> decisions = new java.util.HashMap<>();
      mesh.driver.createOutputTopic(mesh.topics.routes(), new StringDeserializer(), mesh.serdes.route().deserializer())
          .readValuesToList().forEach(d -> decisions.put(d.getIntentId(), d));

      assertThat(before).isEqualTo("llamafarm:rag:acme/finance-reports"); // where it went wrong without feedback
      // the explanation says what the examples did: in the chosen candidate's row and in the decision's reason
      assertThat(decisions.get("i1").getReason()).isNull();
      assertThat(decisions.get("i2").getReason()).startsWith("feedback: labeled intents near this one added ")
          .endsWith("to its similarity (without them: llamafarm:rag:acme/finance-reports)");
      assertThat(decisions.get("i2").getCandidates().get(0).getLearned()).isGreaterThan(0.5); // the same question
      assertThat(decisions.get("i3").getCandidates().get(0).getLearned()).isGreaterThan(0).isLessThan(0.5);
      assertThat(decisions.get("i5").getChosenCapabilityId()).isEqualTo("llamafarm:rag:acme/finance-reports");
      // the marks against finance for the orders-table questions pull it down a little here too: it still wins
      assertThat(decisions.get("i5").getReason()).startsWith("feedback: labeled intents near this one took ")
          .doesNotContain("without them");
      assertThat(again).isEqualTo("llamafarm:llm:acme/sql");
      assertThat(similar).containsOnly("llamafarm:llm:acme/sql");
      assertThat(unrelated).isEqualTo("llamafarm:rag:acme/finance-reports");
    }
  }

  @Test
  void shouldLearnFromPinnedIntentsThatWereAnswered() {
    try (RouterHarness mesh = new RouterHarness(state, new CachingEmbedder(new MiniLmEmbedder(), 1_000),
        Map.of("router.cache.enabled", "false"))) {
      mesh.node("a", "llamafarm:rag:acme/finance-reports", "Analyses the quarterly and annual financial reports: "
          + "revenue, margins, cash flow and balance sheet");
      mesh.node("b", "llamafarm:llm:acme/sql", "Writes SQL queries for the analytics warehouse");
      String before = route(mesh, "u0", "total revenue per country per week from the orders table");
      var examples = mesh.driver.createOutputTopic(mesh.topics.feedback(), new StringDeserializer(),
          mesh.serdes.serde(RouteFeedback.class).deserializer());
      for (String text : List.of("total revenue per region per week from the orders table",
          "number of orders per customer from the orders table",
          "average order value per month from the orders table")) { // an app that pins its SQL model for these
        String id = "pin-" + text.hashCode();
        mesh.intents.pipeInput(id, intent(id, IntentKind.CHAT, text, T0)
            .setPinnedCapabilityId("llamafarm:llm:acme/sql").build());
        mesh.answer(mesh.dispatched().get(0), WorkStatus.SUCCEEDED);
      }
      List<RouteFeedback> written = examples.readValuesToList();
      // no feedback piped in: the router's own examples reach every router through the compacted topic
      String after = route(mesh, "u1", "total revenue per country per week from the orders table");
      String unrelated = route(mesh, "u2", "why did gross margin drop in the annual report");

      assertThat(before).isEqualTo("llamafarm:rag:acme/finance-reports");
      assertThat(written).hasSize(3).allSatisfy(f -> {
        assertThat(f.getGood()).isTrue();
        assertThat(f.getCapabilityId()).isEqualTo("llamafarm:llm:acme/sql");
      });
      assertThat(after).isEqualTo("llamafarm:llm:acme/sql");
      assertThat(unrelated).isEqualTo("llamafarm:rag:acme/finance-reports");
    }
  }

  @Test
  void shouldKeepABoundedNumberOfPinnedExamplesPerCapability() {
    try (RouterHarness mesh = new RouterHarness(state, new dev.atmosphere.common.testing.FixedEmbedder(),
        Map.of("router.cache.enabled", "false"))) {
      mesh.node("b", "llamafarm:llm:acme/sql", "Writes SQL queries for the analytics warehouse");
      var examples = mesh.driver.createOutputTopic(mesh.topics.feedback(), new StringDeserializer(),
          mesh.serdes.serde(RouteFeedback.class).deserializer());
      for (int i = 0; i <= 300; i++) { // an app that names its model on every request; the last repeats the first
        String text = "orders per customer in week " + (i % 300);
        mesh.intents.pipeInput("pin-" + i, intent("pin-" + i, IntentKind.CHAT, text, T0)
            .setPinnedCapabilityId("llamafarm:llm:acme/sql").build());
        mesh.answer(mesh.dispatched().get(0), WorkStatus.SUCCEEDED);
      }
      var written = examples.readKeyValuesToList();

      assertThat(written).hasSize(301).allSatisfy(kv -> {
        assertThat(kv.key).startsWith("pinned|llamafarm:llm:acme/sql|");
        assertThat(kv.value.getIntentId()).startsWith("pin-");
      });
      assertThat(written.stream().map(kv -> kv.key).distinct().count()).as("keys the compacted topic keeps")
          .isLessThanOrEqualTo(PinnedExamples.SLOTS).isGreaterThan(PinnedExamples.SLOTS / 2);
      assertThat(written.get(300).key).as("the same question replaces itself").isEqualTo(written.get(0).key);
    }
  }
}
