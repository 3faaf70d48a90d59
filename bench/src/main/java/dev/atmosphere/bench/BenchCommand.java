package dev.atmosphere.bench;

import dev.atmosphere.common.embed.CachingEmbedder;
import dev.atmosphere.common.embed.MiniLmEmbedder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ./atmosphere bench}: prints the figures of docs/benchmarks.md. Its own entry point in its own module, so the
 * benchmarks, the evaluation sets and the stand-in servers stay out of the product jar; the launcher script runs it
 * when the first argument is {@code bench}.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "Run the benchmarks and print their figures (takes a few minutes).",
    footer = "Example: ./atmosphere bench --only routing,cache")
public final class BenchCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--rate", defaultValue = "50", description = "Intents per second for the pipeline run (default ${DEFAULT-VALUE}).")
  int rate;

  @Option(names = "--seconds", defaultValue = "20", description = "Length of the pipeline run (default ${DEFAULT-VALUE}).")
  int seconds;

  @Option(names = "--only", split = ",", description = "Sections to run: routing, scoring, lb, embedding, scaling, cache, "
      + "pipeline, gateway, prefetch, affinity, batch, migration, sites; chaos and embeddings (the gateway section runs it too) only by name (default: all but chaos).")
  java.util.Set<String> only = new java.util.HashSet<>();

  @Override
  public Integer call() throws Exception {
    Path home = Path.of(System.getProperty("atmosphere.home", ".")).toAbsolutePath().normalize();
    Path data = home.resolve(".atmosphere");
    Files.createDirectories(data);
    Path work = Files.createTempDirectory(data, "bench");
    try {
      Benchmarks.run(spec.commandLine().getOut(), home, work, new CachingEmbedder(new MiniLmEmbedder(), 100_000), rate,
          seconds, only);
    } finally {
      removeTree(work); // the benches' brokers, registries and state: tens of MB a run, of no use afterwards
    }
    return 0;
  }

  private static void removeTree(Path root) throws java.io.IOException {
    try (java.util.stream.Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  public static void main(String[] args) {
    String[] rest = args.length > 0 && args[0].equals("bench") ? java.util.Arrays.copyOfRange(args, 1, args.length)
        : args;
    System.exit(new CommandLine(new BenchCommand()).execute(rest));
  }
}
