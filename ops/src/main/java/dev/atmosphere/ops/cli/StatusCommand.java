package dev.atmosphere.ops.cli;

import dev.atmosphere.common.config.Settings;
import dev.atmosphere.common.kafka.KafkaConnection;
import dev.atmosphere.client.MeshClient;
import dev.atmosphere.schemas.NodeStatus;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code atmosphere status}: is the broker up, the registry answering, the router consuming, this node alive? */
@Command(name = "status", description = "Check broker, schema registry, router and this node.",
    footer = "Example: ./atmosphere status")
final class StatusCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin Connection connection;

  @Override
  public Integer call() {
    Settings settings = connection.settings(AtmosphereCli.home());
    KafkaConnection kafka = connection.kafka(settings);
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"COMPONENT", "OK", "DETAIL"});
    boolean ok = true;
    try {
      MeshClient.checkBroker(kafka, Duration.ofSeconds(5));
      rows.add(new String[] {"broker", "yes", kafka.bootstrapServers()});
    } catch (RuntimeException e) {
      rows.add(new String[] {"broker", "no", e.getMessage()});
      print(rows);
      return AtmosphereCli.UNAVAILABLE;
    }
    ok &= add(rows, "registry", registry(kafka.registryUrl()));
    ok &= add(rows, "router", router(kafka, settings.get(dev.atmosphere.router.RouterKeys.APPLICATION_ID)));
    String nodeId = settings.optional(dev.atmosphere.common.config.CommonKeys.NODE_ID).orElse(null);
    if (nodeId != null) {
      NodeStatus status = connection.gradientTable().nodes().get(nodeId);
      boolean alive = status != null && status.getExpiresAt().isAfter(Instant.now());
      ok &= add(rows, "node " + nodeId, alive ? "" : (status == null ? "no heartbeat yet" : "heartbeat expired at "
          + status.getExpiresAt()), alive ? "alive, load " + String.format("%.2f", status.getLoad()) : null);
    }
    print(rows);
    return ok ? AtmosphereCli.OK : AtmosphereCli.UNAVAILABLE;
  }

  /** Adds a row; {@code problem} empty or null means fine. */
  private static boolean add(List<String[]> rows, String name, String problem, String detail) {
    boolean fine = problem == null || problem.isEmpty();
    rows.add(new String[] {name, fine ? "yes" : "no", fine ? detail : problem});
    return fine;
  }

  private static boolean add(List<String[]> rows, String name, String[] check) {
    return add(rows, name, check[0], check[1]);
  }

  private static String[] registry(String url) {
    try {
      HttpResponse<String> r = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build().send(
          HttpRequest.newBuilder(URI.create(url + "/subjects")).timeout(Duration.ofSeconds(5)).build(),
          HttpResponse.BodyHandlers.ofString());
      return r.statusCode() == 200 ? new String[] {null, url} : new String[] {"HTTP " + r.statusCode() + " from " + url, null};
    } catch (Exception e) {
      return new String[] {"not reachable at " + url, null};
    }
  }

  private static String[] router(KafkaConnection kafka, String applicationId) {
    try (Admin admin = Admin.create(kafka.clientProps())) {
      ConsumerGroupDescription group = admin.describeConsumerGroups(List.of(applicationId))
          .describedGroups().get(applicationId).get(5, TimeUnit.SECONDS);
      return group.members().isEmpty()
          ? new String[] {"no router instance in group " + applicationId + " (state " + group.groupState() + ")", null}
          : new String[] {null, group.members().size() + " instance(s), group " + group.groupState()};
    } catch (Exception e) {
      return new String[] {"cannot describe group " + applicationId + ": " + e.getMessage(), null};
    }
  }

  private void print(List<String[]> rows) {
    PrintWriter out = spec.commandLine().getOut();
    Table.print(out, rows);
  }
}
