package dev.atmosphere.ops.cli;

import dev.atmosphere.common.config.Settings;
import dev.atmosphere.common.kafka.KafkaConnection;
import dev.atmosphere.client.MeshClient;
import dev.atmosphere.schemas.MigrationEvent;
import dev.atmosphere.schemas.MigrationPhase;
import dev.atmosphere.schemas.topics.Topics;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code atmosphere migrate <model> --from <node> --to <node>}: moves an Ollama model (or a LlamaFarm project's model)
 * to the node that has the data.
 * Posts the request on the migrations topic and follows it — offered, progress (bytes, rate, ETA), completed or
 * failed with the reason; the bytes go node to node, never through Kafka.
 */
@Command(name = "migrate", description = "Move an Ollama model, or a LlamaFarm project's model, from one node to "
    + "another (the model comes to the data).",
    footer = {"Example: ./atmosphere migrate llama3.2:latest --from gpu-box-… --to laptop-…",
        "         ./atmosphere migrate llamafarm:llm:legal/contracts --from gpu-box-… --to laptop-…"})
final class MigrateCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin Connection connection;

  @Parameters(index = "0", paramLabel = "MODEL", description = "Ollama model (name:tag), or a LlamaFarm project's "
      + "capability (llamafarm:llm:<namespace>/<project>: its default model's files and its configuration).")
  String model;

  @Option(names = "--from", required = true, description = "Node that has the model.")
  String from;

  @Option(names = "--to", required = true, description = "Node that gets it.")
  String to;

  @Option(names = "--timeout", defaultValue = "3600", description = "Seconds to follow it (default ${DEFAULT-VALUE}).")
  long timeoutSeconds;

  @Override
  public Integer call() throws Exception {
    Settings settings = connection.settings(AtmosphereCli.home());
    KafkaConnection kafka = connection.kafka(settings);
    MeshClient.checkBroker(kafka, Duration.ofSeconds(5));
    Topics topics = connection.topics(settings);
    PrintWriter out = spec.commandLine().getOut();
    for (int look = 1; ; look++) { // a request naming no node of the mesh was followed for an hour: nobody answers it
      java.util.Set<String> nodes = connection.gradientTable().nodes().keySet();
      try {
        from = node(from, nodes, "--from");
        to = node(to, nodes, "--to");
        break;
      } catch (IllegalArgumentException e) {
        if (look == 3) { // a node that has just started may not have sent its first heartbeat yet
          spec.commandLine().getErr().println("error: " + e.getMessage());
          return AtmosphereCli.USAGE;
        }
        Thread.sleep(2_000);
      }
    }
    if (from.equals(to)) {
      spec.commandLine().getErr().println("error: --from and --to are the same node (" + from + ")");
      return AtmosphereCli.USAGE;
    }
    String id = "mig-" + UUID.randomUUID();
    try (MeshClient client = new MeshClient(kafka, topics);
        KafkaConsumer<String, byte[]> consumer = client.tailConsumer();
        KafkaProducer<String, MigrationEvent> producer = new KafkaProducer<>(MeshClient.producerProps(kafka),
            client.serdes().keys().serializer(), client.serdes().serde(MigrationEvent.class).serializer())) {
      List<TopicPartition> parts = MeshClient.partitions(consumer, topics.migrations());
      consumer.assign(parts);
      consumer.seekToEnd(parts);
      parts.forEach(consumer::position);
      Instant started = Instant.now();
      producer.send(new ProducerRecord<>(topics.migrations(), id, MigrationEvent.newBuilder().setMigrationId(id)
          .setPhase(MigrationPhase.REQUESTED).setModel(model).setSourceNodeId(from).setTargetNodeId(to)
          .setAt(started).build())).get(30, TimeUnit.SECONDS);
      out.println("migration " + id + ": " + model + " from " + from + " to " + to + " requested");
      var decode = client.serdes().serde(MigrationEvent.class).deserializer();
      Instant deadline = started.plusSeconds(timeoutSeconds);
      while (Instant.now().isBefore(deadline)) {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          if (!id.equals(r.key()) || r.value() == null) {
            continue;
          }
          MigrationEvent e = decode.deserialize(r.topic(), r.value());
          switch (e.getPhase()) {
            case OFFERED -> out.printf(Locale.ROOT, "offered by %s: %.1f MB%n", e.getSourceNodeId(),
                e.getBytesTotal() / 1e6);
            case PROGRESS -> out.println(progress(e, started));
            case COMPLETED -> {
              out.printf(Locale.ROOT, "completed: %s is on %s (%.1f MB in %d s)%n", model, to, e.getBytesDone() / 1e6,
                  Duration.between(started, Instant.now()).toSeconds());
              return AtmosphereCli.OK;
            }
            case FAILED -> {
              out.println("failed: " + e.getError());
              return AtmosphereCli.INTENT_FAILED;
            }
            default -> { }
          }
          out.flush();
        }
      }
      out.println("still running after " + timeoutSeconds + " s: ./atmosphere migrations shows it");
      return AtmosphereCli.TIMED_OUT;
    }
  }

  /** The node id {@code given} names: itself, or the one node whose id starts with it ("gpu-box" for gpu-box-1a2b…). */
  static String node(String given, java.util.Set<String> nodes, String option) {
    if (nodes.contains(given)) {
      return given;
    }
    List<String> matches = nodes.stream().filter(n -> n.startsWith(given)).sorted().toList();
    if (matches.size() == 1) {
      return matches.get(0);
    }
    throw new IllegalArgumentException(option + " " + given + (matches.isEmpty()
        ? " is no node of the mesh (./atmosphere nodes lists them)" : " could be any of " + matches));
  }

  /** "[#######.....] 41.9 of 100.0 MB, 12.3 MB/s, 5 s left". */
  static String progress(MigrationEvent e, Instant started) {
    double done = e.getBytesDone();
    double total = Math.max(1, e.getBytesTotal());
    double seconds = Math.max(0.001, Duration.between(started, Instant.now()).toMillis() / 1000.0);
    double rate = done / seconds;
    int filled = (int) Math.round(20 * Math.min(1, done / total));
    return String.format(Locale.ROOT, "[%s%s] %.1f of %.1f MB, %.1f MB/s, %d s left", "#".repeat(filled),
        ".".repeat(20 - filled), done / 1e6, total / 1e6, rate / 1e6, rate <= 0 ? -1 : Math.round((total - done) / rate));
  }
}
