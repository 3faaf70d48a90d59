package dev.atmosphere.ingest.gateway;

import dev.atmosphere.schemas.CapabilityAnnouncement;
import dev.atmosphere.schemas.Intent;
import dev.atmosphere.schemas.IntentKind;
import dev.atmosphere.schemas.Timings;
import dev.atmosphere.schemas.WorkResult;
import dev.atmosphere.schemas.WorkStatus;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** A mesh that answers every intent at once ("echo: text", or a unit vector for embeddings) and counts them. */
final class EchoMesh implements MeshPort {

  final AtomicInteger submitted = new AtomicInteger();

  @Override
  public MeshPort start() {
    return this;
  }

  @Override
  public List<CapabilityAnnouncement> capabilities() {
    return List.of();
  }

  @Override
  public void submit(Intent intent, ReplyListener listener) {
    submitted.incrementAndGet();
    listener.onResult(WorkResult.newBuilder().setIntentId(intent.getIntentId()).setWorkId("w").setNodeId("n")
        .setCapabilityId("builtin:echo").setStatus(WorkStatus.SUCCEEDED).setAttempts(1)
        .setOutput(intent.getKind() == IntentKind.EMBED ? "[1.0,0.0]" : "echo: " + intent.getText())
        .setTimings(Timings.newBuilder().setIntentCreatedAt(Instant.EPOCH).setFinishedAt(Instant.EPOCH).build())
        .build());
  }

  @Override
  public void forget(String intentId) {}

  @Override
  public void close() {}
}
