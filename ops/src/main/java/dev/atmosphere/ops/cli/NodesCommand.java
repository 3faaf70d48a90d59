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

/**
 * {@code atmosphere nodes}: every node's last heartbeat. Heartbeats live on a compacted topic, so a machine that left
 * the mesh (or a node renamed) stays in it for good; those silent for over a day are left out unless {@code --all}.
 */
@Command(name = "nodes", description = "List the mesh's nodes and their last heartbeat.",
    footer = "Example: ./atmosphere nodes --json")
final class NodesCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin Connection connection;

  @Option(names = "--json", description = "Print as JSON.")
  boolean json;

  @Option(names = "--all", description = "Also list nodes silent for over a day (left the mesh, or renamed).")
  boolean all;

  static final Duration GONE = Duration.ofDays(1);

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
    List<NodeStatus> shown = shown(table.nodes().values(), now, all);
    int hidden = table.nodes().size() - shown.size();
    for (NodeStatus s : shown) {
      rows.add(new String[] {s.getNodeId(), CapabilitiesCommand.alive(s, now) ? "yes" : "no",
          String.format(Locale.ROOT, "%.2f", s.getLoad()), Integer.toString(s.getInFlight()),
          Integer.toString(s.getQueueDepth()), Integer.toString(s.getMaxConcurrent()),
          of(s.getAvailableMemoryBytes(), s.getTotalMemoryBytes()), of(s.getAvailableVramBytes(), s.getTotalVramBytes()),
          s.getGpuUtilization() == null ? "-" : Math.round(s.getGpuUtilization() * 100) + " %",
          of(s.getAvailableDiskBytes(), null),
          ago(Duration.between(s.getReportedAt(), now))});
    }
    Table.print(out, rows);
    if (hidden > 0) {
      out.println("(" + hidden + " node(s) silent for over a day not shown: --all lists them)");
    }
    return AtmosphereCli.OK;
  }

  /** The nodes listed: all of them, or those heard from within {@link #GONE}. */
  static List<NodeStatus> shown(java.util.Collection<NodeStatus> nodes, Instant now, boolean all) {
    return nodes.stream().filter(s -> all || Duration.between(s.getReportedAt(), now).compareTo(GONE) <= 0).toList();
  }

  /** "42 s ago", "26 min ago", "5 h ago", "3 d ago": a person reads "1590 s ago" as a number to divide. */
  static String ago(Duration d) {
    long s = Math.max(0, d.toSeconds());
    return s < 120 ? s + " s ago" : s < 7_200 ? s / 60 + " min ago" : s < 172_800 ? s / 3_600 + " h ago"
        : s / 86_400 + " d ago";
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
