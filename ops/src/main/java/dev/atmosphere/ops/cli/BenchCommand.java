package dev.atmosphere.ops.cli;

import dev.atmosphere.common.embed.CachingEmbedder;
import dev.atmosphere.common.embed.MiniLmEmbedder;
import dev.atmosphere.ops.bench.Benchmarks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code atmosphere bench}: prints the benchmark figures of docs/benchmarks.md (scoring, embedding, pipeline latency). */
@Command(name = "bench", description = "Run the benchmarks and print their figures (takes about a minute).",
    footer = "Example: ./atmosphere bench --only routing,cache")
final class BenchCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--rate", defaultValue = "50", description = "Intents per second for the pipeline run (default ${DEFAULT-VALUE}).")
  int rate;

  @Option(names = "--seconds", defaultValue = "20", description = "Length of the pipeline run (default ${DEFAULT-VALUE}).")
  int seconds;

  @Option(names = "--only", split = ",", description = "Sections to run: routing, scoring, lb, embedding, scaling, cache, "
      + "pipeline, gateway, prefetch, batch (default: all).")
  java.util.Set<String> only = new java.util.HashSet<>();

  @Override
  public Integer call() throws Exception {
    Path data = AtmosphereCli.home().resolve(".atmosphere");
    Files.createDirectories(data);
    Path work = Files.createTempDirectory(data, "bench");
    Benchmarks.run(spec.commandLine().getOut(), AtmosphereCli.home(), work,
        new CachingEmbedder(new MiniLmEmbedder(), 100_000), rate, seconds, only);
    return AtmosphereCli.OK;
  }
}
