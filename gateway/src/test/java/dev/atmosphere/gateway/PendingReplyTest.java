package dev.atmosphere.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atmosphere.common.identity.NodeIdentity;
import dev.atmosphere.schemas.ResultChunk;
import dev.atmosphere.schemas.RouteDecision;
import dev.atmosphere.schemas.Timings;
import dev.atmosphere.schemas.WorkResult;
import dev.atmosphere.schemas.WorkStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Only pieces of the node each attempt was routed to are streamed; a piece that comes before its route waits; the
 * answer is the routed node's attempt in flight when it comes first, else the router's result — one of them, once.
 */
class PendingReplyTest {

  private final NodeIdentity node = NodeIdentity.ephemeral("gpu-box", Optional.empty());
  private final io.micrometer.core.instrument.Counter refused =
      new io.micrometer.core.instrument.simple.SimpleMeterRegistry().counter("atmosphere.chunks.refused");

  private static ResultChunk chunk(String nodeId, int attempt, String delta) {
    return ResultChunk.newBuilder().setIntentId("i").setWorkId("i-w" + attempt + "-0123456789abcdef").setSequence(0)
        .setDelta(delta).setNodeId(nodeId).setCapabilityId("llm").setEmittedAt(Instant.EPOCH).build();
  }

  @Test
  void shouldStreamOnlyPiecesOfTheNodeEachAttemptWasRoutedToHoldingEarlyOnesForTheirRoute() throws Exception {
    PendingReply reply = new PendingReply(refused);
    NodeIdentity other = NodeIdentity.ephemeral("other", Optional.empty());

    reply.onChunk(chunk(node.nodeId(), 1, "Par")); // before its route: held
    reply.onRoute(route(1, node.nodeId()));
    reply.onChunk(chunk(other.nodeId(), 1, "Lyon")); // signed by someone, but attempt 1 went to gpu-box
    reply.onChunk(chunk(node.nodeId(), 1, "is"));
    reply.onRoute(route(2, other.nodeId()));
    reply.onChunk(chunk(other.nodeId(), 2, "Paris"));

    List<String> streamed = new ArrayList<>();
    for (Object e = reply.next(Duration.ZERO); e != null; e = reply.next(Duration.ZERO)) {
      streamed.add(((ResultChunk) e).getDelta());
    }
    assertThat(streamed).containsExactly("Par", "is", "Paris");
    assertThat(refused.count()).as("Lyon, counted as refused").isEqualTo(1.0);
  }

  @Test
  void shouldAnswerFromTheRoutedNodesAttemptInFlightBeforeTheRoutersResultAndOnlyOnce() throws Exception {
    PendingReply reply = new PendingReply(refused);
    NodeIdentity other = NodeIdentity.ephemeral("other", Optional.empty());
    reply.onRoute(route(1, node.nodeId()));
    reply.onRoute(route(2, other.nodeId())); // failed over: attempt 1 is superseded

    reply.onAttempt(attempt(node.nodeId(), 1, "late answer of the superseded attempt"));
    reply.onAttempt(attempt(node.nodeId(), 2, "attempt 2 went to another node"));
    assertThat(reply.next(Duration.ZERO)).isNull();

    reply.onAttempt(attempt(other.nodeId(), 2, "Paris"));
    reply.onResult(attempt(other.nodeId(), 2, "Paris (the router's terminal result)"));
    WorkResult answer = (WorkResult) reply.next(Duration.ZERO);
    assertThat(answer.getOutput()).isEqualTo("Paris");
    assertThat(answer.getAttempts()).isEqualTo(2);
    assertThat(answer.getTriedNodes()).containsExactly(node.nodeId(), other.nodeId());
    assertThat(answer.getSignature()).isNull();
    assertThat(reply.next(Duration.ZERO)).as("one answer per intent").isNull();
  }

  @Test
  void shouldKeepTheFirstRouteOfAnAttemptWhenItIsReadAgainOrRoutedAgainAfterAnAbort() throws Exception {
    PendingReply reply = new PendingReply(refused);
    NodeIdentity other = NodeIdentity.ephemeral("other", Optional.empty());
    reply.onRoute(route(1, node.nodeId())); // read as written; the router's transaction then aborts
    reply.onRoute(route(1, other.nodeId())); // attempt 1 routed again: the first node still runs what it was sent
    reply.onRoute(route(1, node.nodeId())); // and a route read again once committed

    reply.onAttempt(attempt(other.nodeId(), 1, "the re-route's node, whose answer the router's result will carry"));
    assertThat(reply.next(Duration.ZERO)).isNull();
    reply.onAttempt(attempt(node.nodeId(), 1, "Paris"));
    assertThat(((WorkResult) reply.next(Duration.ZERO)).getOutput()).isEqualTo("Paris");
    assertThat(reply.route().getChosenNodeId()).isEqualTo(node.nodeId());
  }

  @Test
  void shouldTakeTheRouteOfAnIntentThatWaitedForItsModelToMigrate() throws Exception {
    PendingReply reply = new PendingReply(refused);
    reply.onRoute(route(1, null)); // parked: the model is on its way to a node
    reply.onRoute(route(1, node.nodeId()));

    reply.onAttempt(attempt(node.nodeId(), 1, "Paris"));
    assertThat(((WorkResult) reply.next(Duration.ZERO)).getOutput()).isEqualTo("Paris");
    assertThat(reply.route().getChosenNodeId()).isEqualTo(node.nodeId());
  }

  @Test
  void shouldHoldAnAttemptThatArrivesBeforeItsRoute() throws Exception {
    PendingReply reply = new PendingReply(refused);
    reply.onAttempt(attempt(node.nodeId(), 1, "Paris"));
    assertThat(reply.next(Duration.ZERO)).isNull();

    reply.onRoute(route(1, node.nodeId()));
    assertThat(((WorkResult) reply.next(Duration.ZERO)).getOutput()).isEqualTo("Paris");
  }

  @Test
  void shouldPassTheRoutersResultWhenNoAttemptAnswered() throws Exception {
    PendingReply reply = new PendingReply(refused);
    reply.onRoute(route(1, node.nodeId()));
    reply.onResult(attempt(node.nodeId(), 1, "from the cache"));
    assertThat(((WorkResult) reply.next(Duration.ZERO)).getOutput()).isEqualTo("from the cache");
  }

  private static WorkResult attempt(String nodeId, int attempt, String output) {
    return WorkResult.newBuilder().setIntentId("i").setWorkId("i-w" + attempt + "-0123456789abcdef")
        .setStatus(WorkStatus.SUCCEEDED).setOutput(output).setNodeId(nodeId).setCapabilityId("llm")
        .setTimings(Timings.newBuilder().setIntentCreatedAt(Instant.EPOCH).setFinishedAt(Instant.EPOCH).build())
        .setSignature(java.nio.ByteBuffer.wrap(new byte[] {1})).build();
  }

  private static RouteDecision route(int attempt, String nodeId) {
    return RouteDecision.newBuilder().setRouteId("r" + attempt).setIntentId("i").setAttempt(attempt)
        .setDecidedAt(Instant.EPOCH).setChosenNodeId(nodeId).setReason("test").setEmbeddingModel("m").build();
  }
}
