package dev.atmosphere.ops.cli;

import dev.atmosphere.common.config.Settings;
import dev.atmosphere.common.kafka.KafkaConnection;
import dev.atmosphere.client.MeshClient;
import dev.atmosphere.client.FederatedClient;
import dev.atmosphere.schemas.BudgetLedger;
import dev.atmosphere.schemas.BudgetSpend;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code atmosphere budget}: each node's differential-privacy spending in the router's ledger (read-only). */
@Command(name = "budget", description = "Show each node's privacy budget: epsilon spent and left in the window.",
    footer = "Example: ./atmosphere budget")
final class BudgetCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin Connection connection;

  @Override
  public Integer call() {
    Settings settings = connection.settings(AtmosphereCli.home());
    KafkaConnection kafka = connection.kafka(settings);
    MeshClient.checkBroker(kafka, Duration.ofSeconds(5));
    double budget = settings.get(dev.atmosphere.router.RouterKeys.EPSILON_BUDGET);
    Duration window = settings.get(dev.atmosphere.router.RouterKeys.BUDGET_WINDOW);
    Map<String, BudgetLedger> ledgers;
    try (FederatedClient client = new FederatedClient(kafka, connection.topics(settings))) {
      ledgers = client.ledgers(settings.get(dev.atmosphere.router.RouterKeys.APPLICATION_ID), Duration.ofSeconds(15));
    }
    PrintWriter out = spec.commandLine().getOut();
    if (ledgers.isEmpty()) {
      out.println("no federated query has spent any budget yet (budget " + budget + " per " + window.toHours() + " h)");
      return AtmosphereCli.OK;
    }
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"NODE", "SPENT", "LEFT", "OF", "WINDOW", "QUERIES", "LAST"});
    ledgers.forEach((node, l) -> {
      double of = l.getBudget() > 0 ? l.getBudget() : budget; // what the router enforced, when it says
      Duration w = l.getWindowMs() > 0 ? Duration.ofMillis(l.getWindowMs()) : window;
      Instant from = Instant.now().minus(w);
      List<BudgetSpend> recent = l.getSpends().stream().filter(s -> s.getAt().isAfter(from)).toList();
      double spent = recent.stream().mapToDouble(BudgetSpend::getEpsilon).sum();
      rows.add(new String[] {node, String.format(Locale.ROOT, "%.3f", spent),
          String.format(Locale.ROOT, "%.3f", Math.max(0, of - spent)), String.format(Locale.ROOT, "%.3f", of),
          w.toHours() + " h", Integer.toString(recent.size()),
          recent.isEmpty() ? "-" : recent.get(recent.size() - 1).getAt().toString()});
    });
    Table.print(out, rows);
    return AtmosphereCli.OK;
  }
}
