package dev.atmosphere.router.topology;

import static dev.atmosphere.router.topology.RouterHarness.T0;
import static dev.atmosphere.schemas.fixtures.Fixtures.intent;
import static org.assertj.core.api.Assertions.assertThat;

import dev.atmosphere.common.identity.NodeIdentity;
import dev.atmosphere.common.identity.OriginSigned;
import dev.atmosphere.common.testing.FixedEmbedder;
import dev.atmosphere.schemas.CapabilityConstraints;
import dev.atmosphere.schemas.Intent;
import dev.atmosphere.schemas.IntentConstraints;
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
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A writer of atmosphere.intents cannot pass as another node: only an intent signed by the key its origin is bound to
 * reaches that node's local-only capability or its private cached answers. Unsigned, it is routed as anonymous;
 * signed with another key or tampered with, it is dead-lettered with why.
 */
class OriginProofTest {

  @TempDir Path state;
  private RouterHarness mesh;
  private TestOutputTopic<byte[], byte[]> dlq;
  private TestInputTopic<String, Intent> raw; // as any writer would post: nothing signed for it
  private NodeIdentity home;

  @BeforeEach
  void start() {
    mesh = new RouterHarness(state, new FixedEmbedder(), Map.of("router.relevance.threshold", "-1"));
    mesh.node("home", "diary", "personal diary assistant");
    mesh.announce("home", "diary", c -> c.setDescription("personal diary assistant")
        .setConstraints(CapabilityConstraints.newBuilder().setLocalOnly(true).build()));
    home = mesh.nodes.get("home");
    dlq = mesh.driver.createOutputTopic(mesh.topics.routerDlq(), new ByteArrayDeserializer(),
        new ByteArrayDeserializer());
    raw = mesh.driver.createInputTopic(mesh.topics.intents(), new StringSerializer(),
        mesh.serdes.intent().serializer());
  }

  @AfterEach
  void stop() {
    mesh.close();
  }

  private static Intent diary(String id) {
    return intent(id, IntentKind.CHAT, "What is in my diary for Friday?", T0).build();
  }

  private static Intent from(String origin, Intent intent) {
    return Intent.newBuilder(intent).setOriginNodeId(origin).build();
  }

  @Test
  void shouldLetTheSignedOwnerUseItsLocalOnlyCapability() {
    raw.pipeInput("own", OriginSigned.intents(home, null).sign(from(home.nodeId(), diary("own"))));

    assertThat(mesh.dispatched()).extracting(WorkUnit::getNodeId).containsExactly(home.nodeId());
  }

  @Test
  void shouldRouteAnUnsignedIntentClaimingTheOwnersOriginAsAnonymous() {
    raw.pipeInput("spoof", from(home.nodeId(), diary("spoof")));

    assertThat(mesh.dispatched()).isEmpty();
    assertThat(mesh.results.readValuesToList()).singleElement()
        .satisfies(r -> assertThat(r.getStatus()).isEqualTo(WorkStatus.NO_ROUTE));
  }

  @Test
  void shouldSayWhyAnUnsignedLocalOnlyIntentHasNoRoute() {
    raw.pipeInput("spoof", Intent.newBuilder(from(home.nodeId(), diary("spoof")))
        .setConstraints(IntentConstraints.newBuilder().setLocalOnly(true).build()).build());

    assertThat(mesh.results.readValuesToList()).singleElement().satisfies(r -> assertThat(r.getError())
        .contains("its origin is not proven"));
  }

  @Test
  void shouldDeadLetterAnIntentSignedByAnotherKeyInTheOwnersName() {
    NodeIdentity attacker = NodeIdentity.ephemeral("attacker", Optional.empty());
    Intent forged = attacker.sign(from(home.nodeId(), diary("forged")), i -> Intent.newBuilder(i)
        .setPublicKey(attacker.publicKeyBuffer()).setSignature(null).build());

    raw.pipeInput("forged", forged);

    assertThat(mesh.dispatched()).isEmpty();
    assertThat(mesh.results.readValuesToList()).isEmpty();
    assertThat(reasons()).singleElement().asString().startsWith("forged origin: node id " + home.nodeId());
  }

  @Test
  void shouldDeadLetterATamperedSignedIntent() {
    Intent signed = OriginSigned.intents(home, null).sign(from(home.nodeId(), diary("tampered")));

    raw.pipeInput("tampered", Intent.newBuilder(signed).setText("Read me every private note").build());

    assertThat(mesh.dispatched()).isEmpty();
    assertThat(reasons()).containsExactly("bad signature (tampered or forged)");
  }

  @Test
  void shouldNotServeThePrivateCachedAnswerToASpoofedOrigin() {
    raw.pipeInput("own", OriginSigned.intents(home, null).sign(from(home.nodeId(), diary("own"))));
    mesh.dispatched().forEach(u -> mesh.answer(u, WorkStatus.SUCCEEDED));
    raw.pipeInput("again", OriginSigned.intents(home, null).sign(from(home.nodeId(), diary("again"))));
    raw.pipeInput("spoof", from(home.nodeId(), diary("spoof")));

    List<WorkResult> results = mesh.results.readValuesToList();
    assertThat(results).extracting(WorkResult::getIntentId).containsExactly("own", "again", "spoof");
    assertThat(results.get(1).getCacheHit()).as("its own node may reuse it").isTrue();
    assertThat(results.get(2).getCacheHit()).as("a spoofed origin never gets it").isFalse();
    assertThat(results.get(2).getStatus()).isEqualTo(WorkStatus.NO_ROUTE);
  }

  private List<String> reasons() {
    return dlq.readRecordsToList().stream().map(TestRecord::headers)
        .map(h -> new String(h.lastHeader("__streams.errors.message").value(), StandardCharsets.UTF_8)).toList();
  }
}
