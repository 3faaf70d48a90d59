package dev.atmosphere.bench.eval;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atmosphere.backends.ollama.OllamaSource;
import dev.atmosphere.common.embed.CachingEmbedder;
import dev.atmosphere.common.embed.Embedder;
import dev.atmosphere.common.embed.MiniLmEmbedder;
import dev.atmosphere.common.http.JsonHttp;
import dev.atmosphere.router.RoutePlanner;
import dev.atmosphere.router.Routed;
import dev.atmosphere.router.scoring.Candidate;
import dev.atmosphere.router.scoring.Scorer;
import dev.atmosphere.router.scoring.ScoringPolicy;
import dev.atmosphere.schemas.Intent;
import dev.atmosphere.schemas.IntentConstraints;
import dev.atmosphere.schemas.IntentKind;
import dev.atmosphere.schemas.NodeMode;
import dev.atmosphere.schemas.NodeStatus;
import dev.atmosphere.schemas.topics.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A mesh of Ollama models only — a general model, a coder and a SQL model, as a machine with {@code ollama pull}ed
 * models announces them through the real mapping: coding and SQL questions reach their specialist, everyday
 * questions the general model. (When every model was "general-purpose", they all went to whichever name was nearest.)
 */
class OllamaRoutingTest {

  private static final Instant NOW = Instant.parse("2026-11-27T10:00:00Z");
  private final Embedder embedder = new CachingEmbedder(new MiniLmEmbedder(), 1_000);
  private final RoutePlanner planner = new RoutePlanner(Topics.defaults(), new Scorer(ScoringPolicy.defaults()),
      embedder, 20, 0.05);

  private static JsonNode json(String text) throws Exception {
    return JsonHttp.JSON.readTree(text);
  }

  private String route(List<Candidate> table, String text) {
    Routed r = planner.plan(Intent.newBuilder().setIntentId("i").setOriginNodeId("elsewhere").setKind(IntentKind.CHAT)
        .setText(text).setConstraints(IntentConstraints.newBuilder().build()).setCreatedAt(NOW).build(), table, NOW);
    return r.work() == null ? null : r.work().getCapabilityId();
  }

  @Test
  void shouldSendCodingAndSqlQuestionsToTheSpecialistModelsAndTheRestToTheGeneralOne() throws Exception {
    OllamaSource source = new OllamaSource(null, "http://127.0.0.1:1", "n1", Duration.ofSeconds(1), embedder);
    JsonNode show = json("{\"capabilities\":[\"completion\"]}");
    NodeStatus status = NodeStatus.newBuilder().setNodeId("n1").setMode(NodeMode.PARTICIPANT).setLoad(0.5)
        .setQueueDepth(0).setInFlight(0).setMaxConcurrent(4).setWorkTopic("atmosphere.work.n1").setReportedAt(NOW)
        .setExpiresAt(NOW.plusSeconds(60)).setSequence(1).build();
    List<Candidate> table = Stream.of("llama3.2:latest", "qwen2.5-coder:7b", "sqlcoder:15b")
        .flatMap(name -> {
          try {
            return source.map(json("{\"name\":\"" + name + "\",\"details\":{\"parameter_size\":\"7B\"}}"), show)
                .stream();
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        })
        .map(c -> planner.candidate(c, status)).toList();

    assertThat(route(table, "fix the NullPointerException in this Java method")).isEqualTo("ollama:llm:qwen2.5-coder:7b");
    assertThat(route(table, "refactor this Python function to use a generator")).isEqualTo("ollama:llm:qwen2.5-coder:7b");
    assertThat(route(table, "write a query that sums revenue per customer from the orders table"))
        .isEqualTo("ollama:llm:sqlcoder:15b");
    assertThat(route(table, "what is a good name for a golden retriever puppy")).isEqualTo("ollama:llm:llama3.2:latest");
    assertThat(route(table, "write a birthday poem for my grandmother")).isEqualTo("ollama:llm:llama3.2:latest");
  }
}
