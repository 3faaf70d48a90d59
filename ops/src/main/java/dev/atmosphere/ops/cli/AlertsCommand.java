package dev.atmosphere.ops.cli;

import dev.atmosphere.common.config.Settings;
import dev.atmosphere.common.kafka.KafkaConnection;
import dev.atmosphere.client.Alerts;
import dev.atmosphere.client.MeshClient;
import dev.atmosphere.schemas.Alert;
import dev.atmosphere.schemas.AlertType;
import dev.atmosphere.schemas.topics.Topics;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code atmosphere alerts}: the recent alerts of the mesh, most severe first, each with what to do about it. */
@Command(name = "alerts", description = "Recent alerts, most severe first, with what to do.",
    footer = "Example: ./atmosphere alerts --since 120")
final class AlertsCommand implements Callable<Integer> {

  static final Map<AlertType, String> WHAT_TO_DO = Map.of(
      AlertType.NODE_FLAPPING, "the node keeps dropping out: check its network, its load and its heartbeat interval",
      AlertType.FAILURE_BURST, "a node or capability keeps failing: ./atmosphere trace an intent, check its backend",
      AlertType.SLO_BREACH, "answers are slow: ./atmosphere nodes for load and queues, add capacity or nodes",
      AlertType.OVERLOAD_BUILDUP, "a queue keeps growing: raise max_concurrent_requests if it can, or add a node",
      AlertType.NO_ROUTE_STORM, "the mesh lacks a capability: start LlamaFarm or Ollama with it (./atmosphere "
          + "capabilities)",
      AlertType.DLQ_SPIKE, "records are being dead-lettered: read the DLQ headers for the reason",
      AlertType.SIGNATURE_SPIKE, "announcements are being rejected: a node is misconfigured or hostile (router DLQ)",
      AlertType.MIGRATION_FAILED, "a model could not be moved: ./atmosphere migrations for the reason (disk, "
          + "migration.accept/serve, the source node's API)");

  @Spec CommandSpec spec;
  @Mixin Connection connection;

  @Option(names = "--since", defaultValue = "1440", description = "Alerts of the last N minutes (default ${DEFAULT-VALUE}).")
  long sinceMinutes;

  @Override
  public Integer call() {
    Settings settings = connection.settings(AtmosphereCli.home());
    KafkaConnection kafka = connection.kafka(settings);
    MeshClient.checkBroker(kafka, Duration.ofSeconds(5));
    Topics topics = connection.topics(settings);
    List<Alert> read = new ArrayList<>();
    try (MeshClient client = new MeshClient(kafka, topics)) {
      var decode = client.serdes().serde(Alert.class).deserializer();
      Connection.read(client, Duration.ofMinutes(sinceMinutes), r -> read.add(decode.deserialize(r.topic(),
          r.value())), topics.alerts());
    }
    List<Alert> alerts = new ArrayList<>(Alerts.distinct(read)); // written at least once: a repeat keeps its id
    PrintWriter out = spec.commandLine().getOut();
    if (alerts.isEmpty()) {
      out.println("no alerts in the last " + sinceMinutes + " minutes");
      return AtmosphereCli.OK;
    }
    alerts.sort(Comparator.comparing(Alert::getSeverity).reversed().thenComparing(Alert::getWindowEnd,
        Comparator.reverseOrder()));
    for (Alert a : alerts) {
      out.println(a.getSeverity() + "  " + a.getType() + "  " + a.getSubject() + "  " + a.getWindowEnd());
      out.println("    " + a.getMessage());
      out.println("    what to do: " + WHAT_TO_DO.getOrDefault(a.getType(), "see docs/operations.md"));
    }
    return AtmosphereCli.OK;
  }
}
