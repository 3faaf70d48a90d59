package dev.atmosphere.ops.cli;

import dev.atmosphere.common.config.Settings;
import dev.atmosphere.common.kafka.KafkaConnection;
import dev.atmosphere.client.MeshClient;
import dev.atmosphere.ops.plan.BatchReport;
import dev.atmosphere.ops.plan.BatchSummarizer;
import dev.atmosphere.client.PlanClient;
import dev.atmosphere.ops.plan.ProgressBar;
import dev.atmosphere.router.plan.PlanTemplates;
import dev.atmosphere.schemas.CapabilityType;
import dev.atmosphere.schemas.PlanStatus;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code atmosphere batch summarize <files or dirs…>}: map-reduce summaries across the mesh, with a report. */
@Command(name = "batch", description = "Batch jobs run across the mesh.", subcommands = BatchCommand.Summarize.class,
    footer = "Example: ./atmosphere batch summarize docs/ --compare --out report.md")
final class BatchCommand {

  @Command(name = "summarize", aliases = "summarise",
      description = "Summarise text/Markdown documents across the mesh (one map-reduce plan each), optionally compare.")
  static final class Summarize implements Callable<Integer> {

    @Spec CommandSpec spec;
    @Mixin Connection connection;

    @Parameters(arity = "1..*", paramLabel = "PATH", description = "Files or directories (read recursively).")
    List<Path> paths;

    @Option(names = "--compare", description = "Also compare the documents' summaries.")
    boolean compare;

    @Option(names = "--out", description = "Write the Markdown report here (default: print it).")
    Path out;

    @Option(names = "--chunk-tokens", description = "Tokens per map unit (default: half the smallest context length "
        + "the mesh's LLMs announce, else 1024).")
    Integer chunkTokens;

    @Option(names = "--window", description = "Documents in flight at once (default: twice the live nodes' "
        + "concurrency, so executor queues never overflow).")
    Integer window;

    @Option(names = "--local-only", description = "Run every step on this machine (the documents never leave it): "
        + "the plans are signed with this node's key, so its local-only capabilities may serve them.")
    boolean localOnly;

    @Option(names = "--timeout", defaultValue = "1800", description = "Seconds for the whole batch (default: ${DEFAULT-VALUE}).")
    long timeoutSeconds;

    @Override
    public Integer call() throws IOException {
      PrintWriter err = spec.commandLine().getErr();
      List<String> skipped = new ArrayList<>();
      List<BatchSummarizer.Source> sources = BatchSummarizer.read(paths, skipped);
      skipped.forEach(s -> err.println("skipped " + s));
      if (sources.isEmpty()) {
        err.println("error: no readable documents (text or Markdown) in " + paths);
        return AtmosphereCli.USAGE;
      }
      Settings settings = connection.settings(AtmosphereCli.home());
      KafkaConnection kafka = connection.kafka(settings);
      MeshClient.checkBroker(kafka, Duration.ofSeconds(5));
      dev.atmosphere.common.identity.NodeIdentity node = IntentOptions.nodeKey(settings);
      if (localOnly && node == null) {
        err.println("error: --local-only needs this machine's node key (start the node with ./atmosphere up, or set "
            + "node.id and identity.dir to a node whose key this user can read)");
        return AtmosphereCli.USAGE;
      }
      try (PlanClient client = new PlanClient(kafka, connection.topics(settings), node, localOnly)) {
        int chunkChars = PlanTemplates.chunkChars(chunkTokens != null ? chunkTokens * 2 : contextTokens(client));
        err.printf("summarising %d document(s) in chunks of up to %d characters%s%n", sources.size(), chunkChars,
            compare ? ", then comparing them" : "");
        BatchSummarizer.Outcome outcome = new BatchSummarizer(client, Clock.systemUTC()).run(
            "batch-" + UUID.randomUUID().toString().substring(0, 8), sources, skipped, compare, chunkChars,
            window != null ? window : defaultWindow(client),
            Duration.ofSeconds(timeoutSeconds),
            total -> new ProgressBar(err, System.console() != null, Clock.systemUTC(), total));
        String report = BatchReport.markdown(outcome);
        if (out != null) {
          Files.writeString(out, report);
          err.println("report written to " + out);
        } else {
          spec.commandLine().getOut().print(report);
          spec.commandLine().getOut().flush();
        }
        long missing = sources.size() - outcome.summaries().size();
        boolean allOk = outcome.summaries().values().stream().allMatch(r -> r.getStatus() == PlanStatus.SUCCEEDED)
            && (!compare || outcome.comparison() != null && outcome.comparison().getStatus() == PlanStatus.SUCCEEDED);
        return missing > 0 ? AtmosphereCli.TIMED_OUT : allOk ? AtmosphereCli.OK : AtmosphereCli.INTENT_FAILED;
      }
    }

    private static int defaultWindow(PlanClient client) {
      int concurrency = client.mesh().gradientTable(Duration.ofSeconds(10)).nodes().values().stream()
          .mapToInt(n -> n.getMaxConcurrent()).sum();
      return Math.max(4, 2 * concurrency);
    }

    /** Half the smallest context window among live LLM capabilities (the rest is left for the answer). */
    private static int contextTokens(PlanClient client) {
      return client.mesh().gradientTable(Duration.ofSeconds(10)).capabilities().stream()
          .filter(c -> c.getType() == CapabilityType.LLM || c.getType() == CapabilityType.RAG)
          .map(c -> c.getMetadata().getContextLength()).filter(Objects::nonNull).filter(n -> n > 0)
          .min(Integer::compare).orElse(2048);
    }
  }
}
