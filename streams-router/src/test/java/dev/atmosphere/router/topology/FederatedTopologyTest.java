package dev.atmosphere.router.topology;

import static dev.atmosphere.router.topology.RouterHarness.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.atmosphere.common.testing.FixedEmbedder;
import dev.atmosphere.schemas.CapabilityType;
import dev.atmosphere.schemas.FederatedAggregation;
import dev.atmosphere.schemas.FederatedPart;
import dev.atmosphere.schemas.FederatedQuery;
import dev.atmosphere.schemas.FederatedResult;
import dev.atmosphere.schemas.FederatedSpec;
import dev.atmosphere.schemas.FederatedStatus;
import dev.atmosphere.schemas.FederatedTask;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Federated queries in the router: tasks only after every asked node's budget was checked and debited, a refusal
 * with the remaining budget before anything runs, one release per node, noisy totals combined, and a partial
 * aggregate at the deadline.
 */
class FederatedTopologyTest {

  @TempDir Path state;
  private RouterHarness mesh;
  private TestInputTopic<String, FederatedQuery> queries;
  private TestInputTopic<String, FederatedPart> parts;
  private TestOutputTopic<String, FederatedTask> tasks;
  private TestOutputTopic<String, FederatedResult> results;
  private String a;
  private String b;
  private String c;

  @BeforeEach
  void start() {
    mesh = new RouterHarness(state, new FixedEmbedder(), Map.of("router.cache.enabled", "false",
        "router.federated.epsilon.budget", "1.0"));
    a = mesh.node("hospital-a", "llamafarm:rag:records/a", "patient records");
    b = mesh.node("hospital-b", "llamafarm:rag:records/b", "patient records");
    c = mesh.node("hospital-c", "ollama:llm:llama3.2", "general chat");
    mesh.announce("hospital-a", "llamafarm:rag:records/a", x -> x.setType(CapabilityType.RAG));
    mesh.announce("hospital-b", "llamafarm:rag:records/b", x -> x.setType(CapabilityType.RAG));
    mesh.announce("hospital-a", "ollama:llm:llama3.2", x -> x.setDescription("general chat"));
    queries = mesh.driver.createInputTopic(mesh.topics.federatedQueries(), new StringSerializer(),
        mesh.serdes.serde(FederatedQuery.class).serializer());
    parts = mesh.driver.createInputTopic(mesh.topics.federatedParts(), new StringSerializer(),
        mesh.serdes.serde(FederatedPart.class).serializer());
    tasks = mesh.driver.createOutputTopic(mesh.topics.federatedTasks(), new StringDeserializer(),
        mesh.serdes.serde(FederatedTask.class).deserializer());
    results = mesh.driver.createOutputTopic(mesh.topics.federatedResults(), new StringDeserializer(),
        mesh.serdes.serde(FederatedResult.class).deserializer());
  }

  @AfterEach
  void stop() {
    mesh.close();
  }

  private void post(String id, double epsilon, List<String> nodes) {
    queries.pipeInput(id, FederatedQuery.newBuilder().setQueryId(id).setQuestion("How many patients had a stroke?")
        .setNodes(nodes).setSpec(FederatedSpec.newBuilder().setAggregation(FederatedAggregation.COUNT)
            .setEpsilon(epsilon).build())
        .setCreatedAt(T0).setDeadlineAt(T0.plus(Duration.ofMinutes(1))).build());
  }

  private void release(String id, String node, long value) {
    parts.pipeInput(id, FederatedPart.newBuilder().setQueryId(id).setNodeId(node).setOk(true)
        .setValues(List.of(value)).setScale(2.0).setReleasedAt(T0).build());
  }

  @Test
  void shouldTaskEachNodesOwnRagCapabilityAndAddTheirNoisyCounts() {
    post("q1", 0.5, List.of(a, b, c));
    List<FederatedTask> sent = tasks.readValuesToList();
    release("q1", a, 10);
    release("q1", a, 999); // a second release of one node never counts
    release("q1", b, 20);
    release("q1", c, 31);

    assertThat(sent).extracting(FederatedTask::getNodeId).containsExactlyInAnyOrder(a, b, c);
    assertThat(sent).filteredOn(t -> t.getNodeId().equals(a)).extracting(FederatedTask::getCapabilityId)
        .containsExactly("llamafarm:rag:records/a");
    FederatedResult r = results.readValue();
    assertThat(r.getStatus()).isEqualTo(FederatedStatus.SUCCEEDED);
    assertThat(r.getValues()).containsExactly(61.0);
    assertThat(r.getHalfWidth95().get(0)).isGreaterThan(0);
    assertThat(r.getEpsilonSpent()).isEqualTo(0.5);
    assertThat(r.getBudgetLeft()).containsOnlyKeys(a, b, c);
    assertThat(r.getBudgetLeft().get(a)).isCloseTo(0.5, within(1e-9));
  }

  @Test
  void shouldRefuseBeforeAnyNodeRunsWhenABudgetWouldBeOverspent() {
    post("q1", 0.8, List.of(a, b));
    tasks.readValuesToList();
    post("q2", 0.5, List.of(a, c));
    post("q1", 0.8, List.of(a, b)); // re-posted: neither charged nor run again

    assertThat(tasks.isEmpty()).isTrue();
    FederatedResult refused = results.readValue();
    assertThat(refused.getQueryId()).isEqualTo("q2");
    assertThat(refused.getStatus()).isEqualTo(FederatedStatus.REFUSED);
    assertThat(refused.getEpsilonSpent()).isZero();
    assertThat(refused.getError()).contains("privacy budget exhausted on [" + a + "]");
    assertThat(refused.getBudgetLeft().get(a)).isCloseTo(0.2, within(1e-9));
    assertThat(refused.getBudgetLeft().get(c)).isCloseTo(1.0, within(1e-9));
    assertThat(results.isEmpty()).isTrue();
  }

  @Test
  void shouldRefuseUnknownNodesAndBadSpecsWithoutSpending() {
    post("q1", 0.5, List.of(a, "hospital-z"));
    post("q2", 5.0, List.of(a));
    post("q3", 1.0, List.of(a));

    List<FederatedResult> out = results.readValuesToList();
    assertThat(out.get(0).getError()).contains("hospital-z");
    assertThat(out.get(1).getError()).contains("at most 1.0 per query");
    assertThat(out).extracting(FederatedResult::getStatus).containsExactly(FederatedStatus.REFUSED,
        FederatedStatus.REFUSED);
    assertThat(tasks.readValuesToList()).extracting(FederatedTask::getQueryId).containsExactly("q3");
  }

  @Test
  void shouldCombineWhatArrivedByTheDeadlineAndNameTheNodesMissing() {
    post("q1", 0.5, List.of(a, b));
    release("q1", a, 10);
    mesh.driver.advanceWallClockTime(Duration.ofMinutes(2));

    FederatedResult r = results.readValue();
    assertThat(r.getStatus()).isEqualTo(FederatedStatus.PARTIAL);
    assertThat(r.getAnswered()).containsExactly(a);
    assertThat(r.getMissing()).containsExactly(b);
    assertThat(r.getValues()).containsExactly(10.0);
  }
}
