package dev.atmosphere.ops;

import dev.atmosphere.client.MeshClient;
import static org.awaitility.Awaitility.await;

import dev.atmosphere.common.kafka.KafkaConnection;
import dev.atmosphere.schemas.Intent;
import dev.atmosphere.schemas.IntentConstraints;
import dev.atmosphere.schemas.IntentKind;
import dev.atmosphere.schemas.topics.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * Waits until the router itself would route to a capability — a dry run shows the router's own gradient table,
 * which can lag the verified topics (what the CLI and the gateway read) by a moment.
 */
final class RouterReady {

  private RouterReady() {}

  static void awaitRoutable(Endpoints endpoints, String capabilityId) {
    try (MeshClient client = new MeshClient(new KafkaConnection(endpoints.bootstrap(),
        endpoints.registry(), Map.of()), Topics.defaults())) {
      await().atMost(Duration.ofSeconds(60)).until(() -> client.explain(Intent.newBuilder()
              .setIntentId("ready-" + System.nanoTime()).setKind(IntentKind.CHAT).setText("anything")
              .setPinnedCapabilityId(capabilityId).setConstraints(IntentConstraints.newBuilder().build())
              .setCreatedAt(Instant.now()).build(), Duration.ofSeconds(10))
          .map(d -> capabilityId.equals(d.getChosenCapabilityId())).orElse(false));
    }
  }
}
