package dev.atmosphere.gateway;

import dev.atmosphere.client.ReplyListener;
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
  volatile List<CapabilityAnnouncement> table = List.of();
  /** Tool calls every answer carries (OpenAI JSON), or null. */
  volatile String toolCalls;
  volatile Intent last;
  /** When set, the terminal result every intent gets instead of an echo (its intent id filled in). */
  volatile WorkResult answer;
  final List<dev.atmosphere.schemas.RouteFeedback> feedback = new java.util.concurrent.CopyOnWriteArrayList<>();

  @Override
  public void feedback(dev.atmosphere.schemas.RouteFeedback given) {
    feedback.add(given);
  }

  @Override
  public MeshPort start() {
    return this;
  }

  @Override
  public List<CapabilityAnnouncement> capabilities() {
    return table;
  }

  @Override
  public void submit(Intent intent, ReplyListener listener) {
    submitted.incrementAndGet();
    last = intent;
    if (answer != null) {
      listener.onResult(WorkResult.newBuilder(answer).setIntentId(intent.getIntentId()).build());
      return;
    }
    listener.onResult(WorkResult.newBuilder().setIntentId(intent.getIntentId()).setWorkId("w").setNodeId("n")
        .setCapabilityId("builtin:echo").setStatus(WorkStatus.SUCCEEDED).setAttempts(1).setPromptTokens(3)
        .setCompletionTokens(intent.getKind() == IntentKind.EMBED ? null : 5)
        .setOutput(intent.getKind() == IntentKind.EMBED ? embeddings(intent) : toolCalls != null ? ""
            : "echo: " + intent.getText())
        .setToolCallsJson(toolCalls)
        .setTimings(Timings.newBuilder().setIntentCreatedAt(Instant.EPOCH).setFinishedAt(Instant.EPOCH).build())
        .build());
  }

  /** One vector per input, [i, 0] for the i-th input of the unit (a batch), or [1, 0] for a single text. */
  private static String embeddings(Intent intent) {
    if (intent.getInputs().isEmpty()) {
      return "[1.0,0.0]";
    }
    StringBuilder out = new StringBuilder("[");
    for (int i = 0; i < intent.getInputs().size(); i++) {
      out.append(i > 0 ? "," : "").append("[").append(i).append(".0,0.0]");
    }
    return out.append("]").toString();
  }

  @Override
  public void forget(String intentId) {}

  @Override
  public void close() {}
}
