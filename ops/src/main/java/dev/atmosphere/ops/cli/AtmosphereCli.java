package dev.atmosphere.ops.cli;

import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code ./atmosphere}: run the mesh on this machine and talk to it. */
@Command(name = "atmosphere", mixinStandardHelpOptions = true, version = "atmosphere 0.1.0",
    description = "Kafka-native capability mesh for LlamaFarm and Ollama.",
    footer = "Benchmarks: ./atmosphere bench [--only routing,cache,...] (the bench module's own entry point).",
    subcommands = {UpCommand.class, IntentCommand.class, RouteCommand.class, CapabilitiesCommand.class,
        NodesCommand.class, TailCommand.class, StatusCommand.class, ConfigCommand.class,
        BatchCommand.class, PlanCommand.class, TraceCommand.class, FederatedCommand.class, BudgetCommand.class, FeedbackCommand.class, MigrateCommand.class, MigrationsCommand.class, AlertsCommand.class,
        AclsCommand.class, CommandLine.HelpCommand.class})
public final class AtmosphereCli {

  /** Exit codes that mean something to scripts. */
  public static final int OK = 0;
  public static final int INTENT_FAILED = 1;
  public static final int USAGE = 2;
  public static final int UNAVAILABLE = 3;
  public static final int TIMED_OUT = 4;

  static Path home() {
    return Path.of(System.getProperty("atmosphere.home", ".")).toAbsolutePath().normalize();
  }

  public static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new AtmosphereCli());
    withHelp(cli);
    cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
      commandLine.getErr().println("error: " + e.getMessage());
      return e instanceof dev.atmosphere.client.MeshUnavailableException ? UNAVAILABLE
          : e instanceof dev.atmosphere.common.config.ConfigException ? USAGE : INTENT_FAILED;
    });
    return cli;
  }

  /** Every command and sub-command answers {@code -h}/{@code --help} (some had no help option: "Unknown option"). */
  private static void withHelp(CommandLine command) {
    CommandLine.Model.CommandSpec spec = command.getCommandSpec();
    if (spec.options().stream().noneMatch(CommandLine.Model.OptionSpec::usageHelp)) {
      spec.addOption(CommandLine.Model.OptionSpec.builder("-h", "--help").usageHelp(true)
          .description("Show this help message and exit.").build());
    }
    command.getSubcommands().values().forEach(AtmosphereCli::withHelp);
  }

  public static void main(String[] args) {
    dev.atmosphere.ops.embedded.RegistryDoor.limitRequestTimes(); // before any HTTP server of this process starts
    System.exit(commandLine().execute(args));
  }
}
