package dev.atmosphere.ops.cli;

import dev.atmosphere.client.MeshClient;
import dev.atmosphere.schemas.CapabilityAnnouncement;
import dev.atmosphere.schemas.NodeStatus;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code atmosphere capabilities}: the gradient table — every capability, its node and whether that node is alive. */
@Command(name = "capabilities", description = "List the mesh's capabilities (the gradient table).",
    footer = "Example: ./atmosphere capabilities --json")
final class CapabilitiesCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin Connection connection;

  @Option(names = "--json", description = "Print as JSON.")
  boolean json;

  @Override
  public Integer call() {
    MeshClient.GradientTable table = connection.gradientTable();
    List<CapabilityAnnouncement> caps = new ArrayList<>(table.capabilities());
    caps.sort(Comparator.comparing(CapabilityAnnouncement::getNodeId)
        .thenComparing(CapabilityAnnouncement::getCapabilityId));
    PrintWriter out = spec.commandLine().getOut();
    Instant now = Instant.now();
    if (json) {
      var array = AvroJson.JSON.createArrayNode();
      for (CapabilityAnnouncement c : caps) {
        var node = (com.fasterxml.jackson.databind.node.ObjectNode) AvroJson.toJson(c);
        node.remove("embedding");
        node.put("alive", alive(table.nodes().get(c.getNodeId()), now));
        array.add(node);
      }
      out.println(array.toPrettyString());
      return AtmosphereCli.OK;
    }
    boolean sites = caps.stream().anyMatch(c -> c.getCluster() != null); // the SITE column only in a linked mesh
    List<String[]> rows = new ArrayList<>();
    rows.add(sites ? new String[] {"NODE", "SITE", "CAPABILITY", "TYPE", "ALIVE", "DESCRIPTION"}
        : new String[] {"NODE", "CAPABILITY", "TYPE", "ALIVE", "DESCRIPTION"});
    for (CapabilityAnnouncement c : caps) {
      String description = c.getDescription().length() > 60 ? c.getDescription().substring(0, 57) + "..."
          : c.getDescription();
      String site = c.getCluster() == null ? "here" : c.getCluster() + " (" + c.getHops() + " hop"
          + (c.getHops() == 1 ? "" : "s") + ")";
      String[] row = {c.getNodeId(), site, c.getCapabilityId(), c.getType().name().toLowerCase(),
          alive(table.nodes().get(c.getNodeId()), now) ? "yes" : "no", description};
      rows.add(sites ? row : new String[] {row[0], row[2], row[3], row[4], row[5]});
    }
    Table.print(out, rows);
    if (caps.isEmpty()) {
      out.println("(no capabilities announced yet)");
    }
    return AtmosphereCli.OK;
  }

  static boolean alive(NodeStatus status, Instant now) {
    return status != null && status.getExpiresAt().isAfter(now);
  }
}
