package dev.atmosphere.ops.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atmosphere.common.config.Settings;
import dev.atmosphere.common.kafka.KafkaConnection;
import dev.atmosphere.client.MeshClient;
import dev.atmosphere.schemas.CandidateScore;
import dev.atmosphere.schemas.IntentKind;
import dev.atmosphere.schemas.RouteDecision;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code atmosphere route "<text>" --explain}: where the mesh would send an intent and why; nothing runs. */
@Command(name = "route", description = "Dry-run routing: the chosen capability and every candidate's score.",
    footer = "Example: ./atmosphere route --explain \"review this NDA\"")
final class RouteCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin Connection connection;
  @Mixin IntentOptions options;

  @Option(names = "--explain", description = "Show every candidate with its score breakdown.")
  boolean explain;

  @Option(names = "--json", description = "Print as JSON (the chosen capability id under 'chosen').")
  boolean json;

  @Override
  public Integer call() {
    IntentKind kind = options.kindOrNull(spec.commandLine().getErr());
    if (kind == null) {
      return AtmosphereCli.USAGE;
    }
    Settings settings = connection.settings(AtmosphereCli.home());
    KafkaConnection kafka = connection.kafka(settings);
    MeshClient.checkBroker(kafka, Duration.ofSeconds(5));
    Optional<RouteDecision> decision;
    try (MeshClient client = new MeshClient(kafka, connection.topics(settings), IntentOptions.nodeKey(settings))) {
      decision = client.explain(options.toIntent(kind, settings, 30).build(), Duration.ofSeconds(30));
    }
    if (decision.isEmpty()) {
      spec.commandLine().getErr().println("error: no route decision within 30 s — is the router running? (./atmosphere up)");
      return AtmosphereCli.TIMED_OUT;
    }
    RouteDecision d = decision.get();
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      ObjectNode node = AvroJson.JSON.createObjectNode();
      node.put("chosen", d.getChosenCapabilityId());
      node.put("node", d.getChosenNodeId());
      if (d.getScore() != null) {
        node.put("score", d.getScore());
      }
      node.put("reason", d.getReason());
      node.set("candidates", AvroJson.toJson(d.getCandidates()));
      out.println(node.toPrettyString());
    } else {
      out.println(d.getChosenCapabilityId() == null ? "no route: " + d.getReason()
          : String.format(Locale.ROOT, "→ %s on %s (score %.3f)", d.getChosenCapabilityId(), d.getChosenNodeId(),
              d.getScore()));
      if (d.getChosenCapabilityId() != null && d.getReason() != null) { // fallback, affinity, feedback: not in the table
        out.println("  why: " + d.getReason());
      }
      if (explain) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"CAPABILITY", "NODE", "OK", "SIMILARITY", "LEARNED", "HOP", "SIZE", "SPECIALTY", "LOAD", "COST",
            "SCORE", "WHY NOT"});
        for (CandidateScore c : d.getCandidates()) {
          rows.add(new String[] {c.getCapabilityId(), c.getNodeId(), c.getEligible() ? "yes" : "no",
              f(c.getSimilarity()), f(c.getLearned()), f(c.getHopFactor()), f(c.getSizeFactor()), f(c.getSpecialtyFactor()),
              f(c.getLoadFactor()), f(c.getCostFactor()), f(c.getScore()),
              c.getRejectReason() == null ? "" : c.getRejectReason()});
        }
        Table.print(out, rows);
      }
    }
    out.flush();
    return d.getChosenCapabilityId() == null ? AtmosphereCli.INTENT_FAILED : AtmosphereCli.OK;
  }

  private static String f(double v) {
    return String.format(Locale.ROOT, "%.3f", v);
  }
}
