package dev.atmosphere.ops.cli;

import dev.atmosphere.common.config.Settings;
import dev.atmosphere.common.kafka.KafkaConnection;
import dev.atmosphere.ops.MeshClient;
import dev.atmosphere.schemas.Intent;
import dev.atmosphere.schemas.IntentConstraints;
import dev.atmosphere.schemas.IntentKind;
import dev.atmosphere.schemas.RouteDecision;
import dev.atmosphere.schemas.WorkResult;
import dev.atmosphere.schemas.WorkStatus;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code atmosphere intent "<text>"}: post one intent and print where it went and what came back. */
@Command(name = "intent", description = "Post an intent to the mesh and print the routed result.")
final class IntentCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin Connection connection;

  @Parameters(index = "0", paramLabel = "TEXT", description = "What you want, in words.")
  String text;

  @Option(names = "--kind", defaultValue = "chat", description = "chat, embed, rag or vision (default: ${DEFAULT-VALUE})")
  String kind;

  @Option(names = "--json", description = "Print the WorkResult (and route) as JSON.")
  boolean json;

  @Option(names = "--timeout", defaultValue = "120", description = "Seconds to wait for the result (default: ${DEFAULT-VALUE}).")
  long timeoutSeconds;

  @Option(names = "--capability", description = "Pin a capability id, e.g. llamafarm:rag:legal/contracts.")
  String capability;

  @Option(names = "--model", description = "Pin a model name.")
  String model;

  @Option(names = "--local-only", description = "Only run on this node.")
  boolean localOnly;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    IntentKind intentKind;
    try {
      intentKind = IntentKind.valueOf(kind.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      spec.commandLine().getErr().println("error: --kind must be chat, embed, rag or vision, not '" + kind + "'");
      return AtmosphereCli.USAGE;
    }
    Settings settings = connection.settings(AtmosphereCli.home());
    KafkaConnection kafka = connection.kafka(settings);
    MeshClient.checkBroker(kafka, Duration.ofSeconds(5));
    Intent intent = Intent.newBuilder()
        .setIntentId(UUID.randomUUID().toString())
        .setOriginNodeId(settings.optional("node.id").orElse(null))
        .setKind(intentKind)
        .setText(text)
        .setPinnedCapabilityId(capability)
        .setPinnedModel(model)
        .setConstraints(IntentConstraints.newBuilder().setLocalOnly(localOnly).build())
        .setCreatedAt(Instant.now())
        .setDeadlineAt(Instant.now().plusSeconds(timeoutSeconds))
        .build();
    try (MeshClient client = new MeshClient(kafka, connection.topics(settings))) {
      Optional<MeshClient.Answer> answer = client.submit(intent, Duration.ofSeconds(timeoutSeconds));
      if (answer.isEmpty()) {
        spec.commandLine().getErr().println("error: no result for intent " + intent.getIntentId() + " within "
            + timeoutSeconds + " s — is the router running? (./atmosphere up)");
        return AtmosphereCli.TIMED_OUT;
      }
      WorkResult result = answer.get().result();
      if (json) {
        var node = AvroJson.JSON.createObjectNode();
        node.set("result", AvroJson.toJson(result));
        node.set("route", AvroJson.toJson(answer.get().route().orElse(null)));
        out.println(node.toPrettyString());
      } else {
        printHuman(out, answer.get().route(), result);
      }
      return result.getStatus() == WorkStatus.SUCCEEDED ? AtmosphereCli.OK : AtmosphereCli.INTENT_FAILED;
    }
  }

  private static void printHuman(PrintWriter out, Optional<RouteDecision> route, WorkResult result) {
    route.filter(r -> r.getChosenCapabilityId() != null).ifPresent(r -> out.printf(Locale.ROOT,
        "→ %s on %s (score %.3f)%n", r.getChosenCapabilityId(), r.getChosenNodeId(), r.getScore()));
    switch (result.getStatus()) {
      case SUCCEEDED -> out.println(result.getOutput());
      default -> out.println(result.getStatus() + ": " + result.getError()
          + (result.getHttpStatus() == null ? "" : " (HTTP " + result.getHttpStatus() + ")"));
    }
    var t = result.getTimings();
    out.printf(Locale.ROOT, "(%d ms)%n", Duration.between(t.getIntentCreatedAt(), t.getFinishedAt()).toMillis());
  }
}
