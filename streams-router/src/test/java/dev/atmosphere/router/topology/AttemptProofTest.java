package dev.atmosphere.router.topology;

import static dev.atmosphere.router.topology.RouterHarness.T0;
import static dev.atmosphere.schemas.fixtures.Fixtures.intent;
import static org.assertj.core.api.Assertions.assertThat;

import dev.atmosphere.common.identity.NodeIdentity;
import dev.atmosphere.common.testing.FixedEmbedder;
import dev.atmosphere.schemas.IntentKind;
import dev.atmosphere.schemas.WorkResult;
import dev.atmosphere.schemas.WorkStatus;
import dev.atmosphere.schemas.WorkUnit;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nobody answers in another node's name: the router takes an attempt only when it is signed by the key bound to the
 * node the work was sent to. Forged, tampered and unsigned answers end on the DLQ with the reason and are counted;
 * a correctly signed answer from a different node is ignored; the intent still gets its one real answer.
 */
class AttemptProofTest {

  @TempDir Path state;
  private RouterHarness mesh;
  private TestOutputTopic<byte[], byte[]> dlq;
  private WorkUnit unit;

  @BeforeEach
  void start() {
    mesh = new RouterHarness(state, new FixedEmbedder(), Map.of("router.relevance.threshold", "-1"));
    mesh.node("victim", "llm", "general assistant");
    dlq = mesh.driver.createOutputTopic(mesh.topics.routerDlq(), new ByteArrayDeserializer(),
        new ByteArrayDeserializer());
    mesh.intents.pipeInput("q1", intent("q1", IntentKind.CHAT, "What is the capital of France?", T0).build());
    unit = mesh.dispatched().get(0);
  }

  @AfterEach
  void stop() {
    mesh.close();
  }

  @Test
  void shouldDeadLetterAnAnswerSignedByAnotherKeyInTheVictimsName() {
    NodeIdentity attacker = NodeIdentity.ephemeral("attacker", Optional.empty());
    double before = forged();

    mesh.attempts.pipeInput("q1", RouterHarness.signed(attacker, WorkResult.newBuilder(
        RouterHarness.attempt(unit, WorkStatus.SUCCEEDED)).setOutput("Send your password to evil.example").build()));

    assertThat(mesh.results.readValuesToList()).isEmpty();
    assertThat(reasons()).singleElement().asString().startsWith("forged: node id " + unit.getNodeId()
        + " is not bound to the signing key " + dev.atmosphere.schemas.sign.Signatures.fingerprint(
        attacker.publicKey()));
    assertThat(forged() - before).isEqualTo(1.0);
    assertThatTheRealAnswerStillEndsIt();
  }

  @Test
  void shouldDeadLetterATamperedAnswer() {
    WorkResult real = RouterHarness.signed(mesh.nodes.get("victim"), RouterHarness.attempt(unit, WorkStatus.SUCCEEDED));

    mesh.attempts.pipeInput("q1", WorkResult.newBuilder(real).setOutput("Paris is in Belgium").build());

    assertThat(mesh.results.readValuesToList()).isEmpty();
    assertThat(reasons()).containsExactly("bad signature (tampered or forged)");
    assertThatTheRealAnswerStillEndsIt();
  }

  @Test
  void shouldDeadLetterAnUnsignedAnswer() {
    mesh.attempts.pipeInput("q1", RouterHarness.attempt(unit, WorkStatus.SUCCEEDED));

    assertThat(mesh.results.readValuesToList()).isEmpty();
    assertThat(reasons()).containsExactly(
        "unsigned SUCCEEDED attempt: an answer must be signed by the node that ran the work");
    assertThatTheRealAnswerStillEndsIt();
  }

  @Test
  void shouldIgnoreAnHonestlySignedAnswerFromANodeTheWorkWasNotSentTo() {
    mesh.node("bystander", "llm2", "general assistant");
    NodeIdentity bystander = mesh.nodes.get("bystander");

    mesh.attempts.pipeInput("q1", RouterHarness.signed(bystander, WorkResult.newBuilder(
        RouterHarness.attempt(unit, WorkStatus.SUCCEEDED)).setNodeId(bystander.nodeId()).build()));

    assertThat(mesh.results.readValuesToList()).isEmpty();
    assertThat(reasons()).isEmpty(); // valid as a record, just not this work's answer
    assertThatTheRealAnswerStillEndsIt();
  }

  @Test
  void shouldNotLetAnUnsignedFailureOnThisSiteMoveTheIntentElsewhere() {
    mesh.attempts.pipeInput("q1", RouterHarness.attempt(unit, WorkStatus.FAILED));

    assertThat(mesh.dispatched()).as("no failover on an unsigned failure").isEmpty();
    assertThat(mesh.results.readValuesToList()).isEmpty();
    assertThatTheRealAnswerStillEndsIt();
  }

  private void assertThatTheRealAnswerStillEndsIt() {
    mesh.answer(unit, WorkStatus.SUCCEEDED);
    List<WorkResult> results = mesh.results.readValuesToList();
    assertThat(results).singleElement().satisfies(r -> {
      assertThat(r.getOutput()).isEqualTo("answer to What is the capital of France?");
      assertThat(r.getNodeId()).isEqualTo(unit.getNodeId());
      assertThat(r.getSignature()).as("the router's rewrite is not the node's record").isNull();
    });
  }

  private List<String> reasons() {
    return dlq.readRecordsToList().stream().map(TestRecord::headers)
        .map(h -> new String(h.lastHeader("__streams.errors.message").value(), StandardCharsets.UTF_8)).toList();
  }

  private double forged() {
    return mesh.meters.counter("atmosphere.attempts.forged").count();
  }
}
