package dev.atmosphere.ops.cli;

import dev.atmosphere.common.config.Settings;
import dev.atmosphere.common.kafka.KafkaConnection;
import dev.atmosphere.client.MeshClient;
import dev.atmosphere.client.FederatedClient;
import dev.atmosphere.schemas.FederatedAggregation;
import dev.atmosphere.schemas.FederatedQuery;
import dev.atmosphere.schemas.FederatedResult;
import dev.atmosphere.schemas.FederatedSpec;
import dev.atmosphere.schemas.FederatedStatus;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code atmosphere federated}: one question to several nodes' private data, answered only as a differentially
 * private aggregate — with its 95 % interval and the ε each node spent and has left.
 */
@Command(name = "federated", description = "Ask several nodes' private data one question; get a differentially "
    + "private aggregate.",
    footer = "Example: ./atmosphere federated --epsilon 0.5 --aggregate count \"How many patients had a stroke?\"")
final class FederatedCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin Connection connection;

  @Parameters(index = "0", paramLabel = "QUESTION", description = "What each node asks its own RAG project or LLM.")
  String question;

  @Option(names = "--epsilon", required = true, description = "Privacy loss each node's data may suffer (e.g. 0.5).")
  double epsilon;

  @Option(names = "--nodes", split = ",", description = "Node ids (default: every live node with a RAG or LLM).")
  List<String> nodes = List.of();

  @Option(names = "--aggregate", defaultValue = "count",
      description = "count, sum, mean, histogram or vote (default ${DEFAULT-VALUE}).")
  String aggregate;

  @Option(names = "--lower", defaultValue = "0", description = "sum/mean: clamp values to at least this.")
  long lower;

  @Option(names = "--upper", defaultValue = "0", description = "sum/mean: clamp values to at most this.")
  long upper;

  @Option(names = "--categories", split = ",", description = "histogram/vote: the declared categories.")
  List<String> categories = List.of();

  @Option(names = "--timeout", defaultValue = "120", description = "Seconds to wait (default ${DEFAULT-VALUE}).")
  long timeoutSeconds;

  @Override
  public Integer call() {
    FederatedAggregation aggregation;
    try {
      aggregation = FederatedAggregation.valueOf(aggregate.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      spec.commandLine().getErr().println("--aggregate must be count, sum, mean, histogram or vote");
      return AtmosphereCli.USAGE;
    }
    String refused = !(epsilon > 0) || Double.isInfinite(epsilon)
        ? "error: --epsilon must be a number above 0 (such as 0.5), not " + epsilon
        : timeoutSeconds <= 0 ? "error: --timeout must be a positive number of seconds, not " + timeoutSeconds
        : question.isBlank() ? "error: QUESTION is empty" : null;
    if (refused != null) { // the router would refuse it too, but only after a round trip through the mesh
      spec.commandLine().getErr().println(refused);
      return AtmosphereCli.USAGE;
    }
    Settings settings = connection.settings(AtmosphereCli.home());
    KafkaConnection kafka = connection.kafka(settings);
    MeshClient.checkBroker(kafka, Duration.ofSeconds(5));
    Instant now = Instant.now();
    FederatedQuery query = FederatedQuery.newBuilder().setQueryId("fq-" + UUID.randomUUID()).setQuestion(question)
        .setNodes(nodes).setSpec(FederatedSpec.newBuilder().setAggregation(aggregation).setEpsilon(epsilon)
            .setLower(lower).setUpper(upper).setCategories(categories).build())
        .setCreatedAt(now).setDeadlineAt(now.plusSeconds(timeoutSeconds)).build();
    Optional<FederatedResult> result;
    try (FederatedClient client = new FederatedClient(kafka, connection.topics(settings))) {
      result = client.ask(query, Duration.ofSeconds(timeoutSeconds + 10));
    }
    PrintWriter out = spec.commandLine().getOut();
    if (result.isEmpty()) {
      out.println("no result within " + timeoutSeconds + " s (query " + query.getQueryId() + ")");
      return AtmosphereCli.TIMED_OUT;
    }
    print(out, result.get());
    return result.get().getStatus() == FederatedStatus.SUCCEEDED || result.get().getStatus() == FederatedStatus.PARTIAL
        ? AtmosphereCli.OK : AtmosphereCli.INTENT_FAILED;
  }

  static void print(PrintWriter out, FederatedResult r) {
    out.println(r.getStatus() + " " + r.getAggregation().name().toLowerCase(Locale.ROOT) + " over "
        + r.getAnswered().size() + " node(s)" + (r.getMissing().isEmpty() ? "" : ", missing " + r.getMissing()));
    for (int i = 0; i < r.getValues().size(); i++) {
      out.printf(Locale.ROOT, "  %s%.2f ± %.2f (95 %%, from the noise)%n",
          r.getAggregation() == FederatedAggregation.HISTOGRAM || r.getAggregation() == FederatedAggregation.VOTE
              ? "#" + i + ": " : "", r.getValues().get(i), r.getHalfWidth95().get(i));
    }
    if (r.getWinner() != null) {
      out.println("  most frequent: " + r.getWinner());
    }
    out.printf(Locale.ROOT, "  epsilon spent per node: %.3f; left: %s%n", r.getEpsilonSpent(), r.getBudgetLeft());
    if (r.getError() != null) {
      out.println("  " + r.getError());
    }
  }
}
