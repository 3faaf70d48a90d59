package dev.atmosphere.ops.cli;

import dev.atmosphere.client.MeshClient;
import dev.atmosphere.schemas.NodeStatus;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code atmosphere nodes}: every node's last heartbeat. */
@Command(name = "nodes", description = "List the mesh's nodes and their last heartbeat.",
    footer = "Example: ./atmosphere nodes --json")
final class NodesCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin Connection connection;

  @Option(names = "--json", description = "Print as JSON.")
  boolean json;

  @Override
  public Integer call() {
    MeshClient.GradientTable table = connection.gradientTable();
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      out.println(AvroJson.toJson(table.nodes()).toPrettyString());
      return AtmosphereCli.OK;
    }
    Instant now = Instant.now();
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"NODE", "ALIVE", "LOAD", "IN-FLIGHT", "QUEUE", "MAX", "MEMORY FREE", "VRAM FREE", "GPU",
        "DISK FREE", "LAST SEEN"});
    for (NodeStatus s : table.nodes().values()) {
      rows.add(new String[] {s.getNodeId(), CapabilitiesCommand.alive(s, now) ? "yes" : "no",
          String.format(Locale.ROOT, "%.2f", s.getLoad()), Integer.toString(s.getInFlight()),
          Integer.toString(s.getQueueDepth()), Integer.toString(s.getMaxConcurrent()),
          of(s.getAvailableMemoryBytes(), s.getTotalMemoryBytes()), of(s.getAvailableVramBytes(), s.getTotalVramBytes()),
          s.getGpuUtilization() == null ? "-" : Math.round(s.getGpuUtilization() * 100) + " %",
          of(s.getAvailableDiskBytes(), null),
          Duration.between(s.getReportedAt(), now).toSeconds() + " s ago"});
    }
    Table.print(out, rows);
    return AtmosphereCli.OK;
  }

  /** "12.3 / 31.2 GiB", "12.3 GiB" without a total, "-" when the node cannot tell. */
  static String of(Long free, Long total) {
    if (free == null) {
      return "-";
    }
    String f = String.format(Locale.ROOT, "%.1f", free / (double) (1L << 30));
    return total == null ? f + " GiB" : f + " / " + String.format(Locale.ROOT, "%.1f", total / (double) (1L << 30)) + " GiB";
  }
}
