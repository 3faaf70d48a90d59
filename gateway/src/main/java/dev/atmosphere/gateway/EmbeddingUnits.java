package dev.atmosphere.gateway;

import dev.atmosphere.schemas.Intent;
import dev.atmosphere.schemas.WorkResult;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * Runs an embeddings request's units a few at a time (four in flight): a 2,048-input request never floods one node's
 * queue, and the vectors come back in input order. The first unit that fails or outlasts the timeout fails the request.
 */
final class EmbeddingUnits {

  static final int IN_FLIGHT = 4;

  private EmbeddingUnits() {}

  static List<WorkResult> run(List<Intent> intents, UnaryOperator<Intent> scoped, MeshPort mesh, Duration timeout,
      Supplier<PendingReply> replies) throws InterruptedException {
    List<WorkResult> results = new ArrayList<>();
    long deadline = System.nanoTime() + timeout.toNanos();
    ArrayDeque<PendingReply> window = new ArrayDeque<>();
    int next = 0;
    while (next < intents.size() || !window.isEmpty()) {
      while (next < intents.size() && window.size() < IN_FLIGHT) {
        PendingReply reply = replies.get();
        window.add(reply);
        mesh.submit(scoped.apply(intents.get(next++)), reply);
      }
      WorkResult r = window.poll().result(Duration.ofNanos(deadline - System.nanoTime()));
      if (r == null) {
        throw Gateway.timeout(timeout);
      }
      if (!OpenAiResponses.succeeded(r)) {
        throw OpenAiResponses.errorOf(r);
      }
      results.add(r);
    }
    return results;
  }
}
