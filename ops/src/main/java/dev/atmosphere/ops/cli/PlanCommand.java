package dev.atmosphere.ops.cli;

import dev.atmosphere.common.config.Settings;
import dev.atmosphere.common.kafka.KafkaConnection;
import dev.atmosphere.client.MeshClient;
import dev.atmosphere.ops.plan.Decomposer;
import dev.atmosphere.client.PlanClient;
import dev.atmosphere.router.plan.PlanTemplates;
import dev.atmosphere.schemas.Intent;
import dev.atmosphere.schemas.IntentConstraints;
import dev.atmosphere.schemas.IntentKind;
import dev.atmosphere.schemas.Plan;
import dev.atmosphere.schemas.PlanResult;
import dev.atmosphere.schemas.PlanStatus;
import dev.atmosphere.schemas.PlanUnit;
import dev.atmosphere.schemas.UnitOutcome;
import dev.atmosphere.schemas.WorkStatus;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code atmosphere plan "<request>"}: decompose a request into a work plan (by an LLM of the mesh, or a template),
 * run it across the mesh and print every unit's outcome and the answer.
 */
@Command(name = "plan", description = "Decompose a request into parallel units, run them across the mesh, print the result.",
    footer = "Example: ./atmosphere plan \"research our three competitors, then draft a one-page memo\"")
final class PlanCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin Connection connection;

  @Parameters(index = "0", paramLabel = "REQUEST", description = "What you want done, in words.")
  String request;

  @Option(names = "--template", defaultValue = "llm",
      description = "llm (ask the mesh for a plan), retrieve-answer (RAG then chat) or single (default: ${DEFAULT-VALUE}).")
  String template;

  @Option(names = "--timeout", defaultValue = "600", description = "Seconds to wait (default: ${DEFAULT-VALUE}).")
  long timeoutSeconds;

  /** "  ✓ <unit> SUCCEEDED on <node>", or "  ✗ <unit> NO_ROUTE" (a failed unit was ticked, "on null"). */
  static String unitLine(dev.atmosphere.schemas.WorkResult unit) {
    boolean ok = unit.getStatus() == dev.atmosphere.schemas.WorkStatus.SUCCEEDED;
    return "  " + (ok ? "✓ " : "✗ ") + unit.getIntentId() + " " + unit.getStatus()
        + (unit.getNodeId() == null ? "" : " on " + unit.getNodeId());
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    if (request == null || request.isBlank() || timeoutSeconds <= 0) {
      spec.commandLine().getErr().println(timeoutSeconds <= 0
          ? "error: --timeout must be a positive number of seconds, not " + timeoutSeconds
          : "error: REQUEST is empty — say what you want done, e.g. \"compare these two contracts\"");
      return AtmosphereCli.USAGE;
    }
    Settings settings = connection.settings(AtmosphereCli.home());
    KafkaConnection kafka = connection.kafka(settings);
    MeshClient.checkBroker(kafka, Duration.ofSeconds(5));
    String planId = "plan-" + UUID.randomUUID().toString().substring(0, 8);
    Instant now = Instant.now();
    try (PlanClient client = new PlanClient(kafka, connection.topics(settings))) {
      Plan plan;
      switch (template) {
        case "retrieve-answer" -> plan = PlanTemplates.retrieveThenAnswer(planId, request, now);
        case "single" -> plan = PlanTemplates.plan(planId, request, List.of(PlanTemplates.unit("answer", request,
            List.of())), now);
        case "llm" -> {
          Decomposer.Decomposition d = new Decomposer(text -> ask(client.mesh(), text), 12).decompose(planId, request, now);
          d.problems().forEach(p -> spec.commandLine().getErr().println("planner: " + p));
          out.println("plan (" + d.source() + "):");
          plan = d.plan();
        }
        default -> {
          spec.commandLine().getErr().println("error: --template must be llm, retrieve-answer or single, not '"
              + template + "'");
          return AtmosphereCli.USAGE;
        }
      }
      for (PlanUnit u : plan.getUnits()) {
        out.println("  " + u.getUnitId() + (u.getDependsOn().isEmpty() ? "" : " ← " + u.getDependsOn()) + ": "
            + u.getText().lines().findFirst().orElse(""));
      }
      PlanResult result = client.run(List.of(plan), 1, Duration.ofSeconds(timeoutSeconds), new PlanClient.Progress() {
        @Override
        public void unitFinished(String id, dev.atmosphere.schemas.WorkResult unit) {
          out.println(unitLine(unit));
          out.flush();
        }

        @Override
        public void planFinished(PlanResult r) { }
      }).get(planId);
      if (result == null) {
        spec.commandLine().getErr().println("error: plan " + planId + " did not finish within " + timeoutSeconds + " s");
        return AtmosphereCli.TIMED_OUT;
      }
      out.println(result.getStatus() + (result.getError() == null ? "" : ": " + result.getError()));
      for (UnitOutcome u : result.getUnits()) {
        out.println("  " + u.getUnitId() + " " + u.getStatus() + (u.getNodeId() == null ? "" : " on " + u.getNodeId())
            + (u.getError() == null ? "" : " — " + u.getError()));
      }
      if (result.getOutput() != null) {
        out.println();
        out.println(result.getOutput());
      }
      return result.getStatus() == PlanStatus.SUCCEEDED ? AtmosphereCli.OK : AtmosphereCli.INTENT_FAILED;
    }
  }

  private static Optional<String> ask(MeshClient mesh, String text) {
    Instant now = Instant.now();
    Intent intent = Intent.newBuilder().setIntentId("planner-" + UUID.randomUUID()).setKind(IntentKind.CHAT)
        .setText(text).setConstraints(IntentConstraints.newBuilder().build()).setCreatedAt(now)
        .setDeadlineAt(now.plusSeconds(120)).build();
    return mesh.submit(intent, Duration.ofSeconds(120)).map(MeshClient.Answer::result)
        .filter(r -> r.getStatus() == WorkStatus.SUCCEEDED).map(r -> r.getOutput());
  }
}
