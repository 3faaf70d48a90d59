package dev.atmosphere.ops.cli;

import dev.atmosphere.common.config.ConfigException;
import dev.atmosphere.common.config.NodeConfigSchema;
import dev.atmosphere.common.config.NodeSettings;
import dev.atmosphere.common.config.Settings;
import dev.atmosphere.executor.ExecutorConfig;
import dev.atmosphere.ingest.IngestConfig;
import dev.atmosphere.router.RouterConfig;
import dev.atmosphere.scaler.ScalerConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code atmosphere config check [file]}, {@code config show} and {@code config keys}: validate without starting;
 * where values come from; every key there is, from the code.
 */
@Command(name = "config", description = "Check or show the node configuration, or list every key.",
    subcommands = {ConfigCommand.Check.class, ConfigCommand.Show.class, ConfigCommand.Keys.class},
    footer = "Example: ./atmosphere config check ~/.atmosphere/config.yaml")
final class ConfigCommand {

  /** Every problem of every deployable's config, each once, and every key set in a file that nothing reads. */
  static List<String> problems(Settings s, Map<String, String> env) {
    Set<String> problems = new LinkedHashSet<>(dev.atmosphere.ops.ConfigKeys.unknownInFiles(s));
    List<Consumer<Settings>> configs = List.of(x -> IngestConfig.from(x, env), x -> ExecutorConfig.from(x, env),
        RouterConfig::from, ScalerConfig::from);
    for (Consumer<Settings> config : configs) {
      try {
        config.accept(s);
      } catch (ConfigException e) {
        problems.addAll(e.problems());
      }
    }
    return new ArrayList<>(problems);
  }

  static NodeSettings read(Path file) {
    return NodeSettings.read(Optional.ofNullable(file), System.getenv(), Path.of(System.getProperty("user.home")));
  }

  @Command(name = "check", description = "Validate a configuration file without starting anything.")
  static final class Check implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "FILE", description = "Default: the file `up` would read.")
    Path file;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      NodeSettings settings;
      try {
        settings = read(file);
      } catch (ConfigException e) {
        e.problems().forEach(p -> out.println("✗ " + p));
        return AtmosphereCli.USAGE;
      }
      List<String> problems = problems(settings.forCheck(Map.of("node.id", "check-0000000000000000")),
          System.getenv());
      String name = settings.file().map(Path::toString).orElse("(no file: defaults and environment)");
      if (problems.isEmpty()) {
        out.println("✓ " + name + " is valid");
        return AtmosphereCli.OK;
      }
      problems.forEach(p -> out.println("✗ " + p));
      out.println(problems.size() + " problem(s) in " + name);
      return AtmosphereCli.USAGE;
    }
  }

  @Command(name = "keys", description = "Print every configuration key: its default, what it accepts, what it does.")
  static final class Keys implements Callable<Integer> {
    @Spec CommandSpec spec;

    @picocli.CommandLine.Option(names = "--markdown", description = "As Markdown tables (docs/configuration-keys.md).")
    boolean markdown;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      if (markdown) {
        out.print(dev.atmosphere.ops.ConfigKeys.CATALOGUE.markdown());
        out.flush(); // print does not flush: without it the tables end where the buffer did
        return AtmosphereCli.OK;
      }
      dev.atmosphere.ops.ConfigKeys.CATALOGUE.byDeployable().forEach((deployable, keys) -> {
        out.println(deployable.replace("`", ""));
        List<String[]> rows = new ArrayList<>();
        keys.forEach(k -> rows.add(new String[] {"  " + k.name(), k.defaultText(), k.doc()}));
        Table.print(out, rows);
        out.println();
      });
      return AtmosphereCli.OK;
    }
  }

  @Command(name = "show", description = "Print the effective configuration and where each value came from.")
  static final class Show implements Callable<Integer> {
    @Spec CommandSpec spec;

    @picocli.CommandLine.Option(names = "--config", description = "Node config file (default: the file `up` reads).")
    Path file;

    @Override
    public Integer call() {
      Settings s = read(file).forCheck(Map.of());
      List<String[]> rows = new ArrayList<>();
      rows.add(new String[] {"KEY", "VALUE", "FROM"});
      for (NodeConfigSchema.Key key : NodeConfigSchema.KEYS.values()) {
        Optional<Settings.Value> v = s.raw(key.setting());
        String value = v.map(Settings.Value::raw).orElse("(default)");
        if (Settings.secret(key.setting()) && v.isPresent()) {
          value = "***";
        }
        rows.add(new String[] {key.path(), value, v.map(Settings.Value::source).orElse("default")});
      }
      Table.print(spec.commandLine().getOut(), rows);
      return AtmosphereCli.OK;
    }
  }
}
