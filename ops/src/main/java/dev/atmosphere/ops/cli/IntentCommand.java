package dev.atmosphere.ops.cli;

import dev.atmosphere.common.config.Settings;
import dev.atmosphere.common.kafka.KafkaConnection;
import dev.atmosphere.client.MeshClient;
import dev.atmosphere.schemas.Intent;
import dev.atmosphere.schemas.IntentKind;
import dev.atmosphere.schemas.RouteDecision;
import dev.atmosphere.schemas.WorkResult;
import dev.atmosphere.schemas.WorkStatus;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code atmosphere intent "<text>"}: post one intent and print where it went and what came back. */
@Command(name = "intent", description = "Post an intent to the mesh and print the routed result.",
    footer = "Example: ./atmosphere intent --stream \"summarise the termination clause of this contract\"")
final class IntentCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin Connection connection;

  @Mixin IntentOptions options;

  @Option(names = "--json", description = "Print the WorkResult (and route) as JSON.")
  boolean json;

  @Option(names = "--stream", description = "Print the answer as it is generated.")
  boolean stream;

  @Option(names = "--timeout", defaultValue = "120", description = "Seconds to wait for the result (default: ${DEFAULT-VALUE}).")
  long timeoutSeconds;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    IntentKind intentKind = options.kindOrNull(spec.commandLine().getErr());
    if (intentKind == null) {
      return AtmosphereCli.USAGE;
    }
    if (timeoutSeconds <= 0) {
      spec.commandLine().getErr().println("error: --timeout must be a positive number of seconds, not " + timeoutSeconds);
      return AtmosphereCli.USAGE;
    }
    Settings settings = connection.settings(AtmosphereCli.home());
    KafkaConnection kafka = connection.kafka(settings);
    MeshClient.checkBroker(kafka, Duration.ofSeconds(5));
    Intent intent = options.toIntent(intentKind, settings, timeoutSeconds).setStream(stream && !json).build();
    try (MeshClient client = new MeshClient(kafka, connection.topics(settings), IntentOptions.nodeKey(settings))) {
      boolean[] streamed = {false};
      Optional<MeshClient.Answer> answer = client.submit(intent, Duration.ofSeconds(timeoutSeconds), chunk -> {
        out.print(chunk.getDelta());
        out.flush();
        streamed[0] = true;
      });
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
      } else if (streamed[0]) {
        out.println();
        printTimings(out, result);
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
      default -> {
        out.println(result.getStatus() + ": " + result.getError()
            + (result.getHttpStatus() == null ? "" : " (HTTP " + result.getHttpStatus() + ")"));
        if (result.getStatus() == WorkStatus.NO_ROUTE && String.valueOf(result.getError()).startsWith("no capability")) {
          out.println("hint: no model server was found on any node — start LlamaFarm (set LLAMAFARM_URL if it is not"
              + " on localhost:14345) or Ollama (OLLAMA_HOST, default localhost:11434); ./atmosphere capabilities"
              + " lists what the mesh can do");
        }
      }
    }
    printTimings(out, result);
  }

  private static void printTimings(PrintWriter out, WorkResult result) {
    var t = result.getTimings();
    long ms = Duration.between(t.getIntentCreatedAt(), t.getFinishedAt()).toMillis();
    if (result.getCapabilityId() == null) {
      out.printf(Locale.ROOT, "(not run, %d ms)%n", ms);
    } else {
      out.printf(Locale.ROOT, "(%s on %s, %d ms)%n", result.getCapabilityId(), result.getNodeId(), ms);
    }
  }
}
