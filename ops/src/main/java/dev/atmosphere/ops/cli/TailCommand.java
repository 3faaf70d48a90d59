package dev.atmosphere.ops.cli;

import dev.atmosphere.common.config.Settings;
import dev.atmosphere.common.kafka.KafkaConnection;
import dev.atmosphere.ops.MeshClient;
import dev.atmosphere.schemas.RouteDecision;
import dev.atmosphere.schemas.WorkResult;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code atmosphere tail routes|results}: follow decisions or results live, one line each (or JSON lines). */
@Command(name = "tail", description = "Follow routes or results as they happen (Ctrl-C stops).")
final class TailCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin Connection connection;

  @Parameters(index = "0", paramLabel = "routes|results", description = "What to follow.")
  String what;

  @Option(names = "--json", description = "One JSON object per line.")
  boolean json;

  @Option(names = "--from-beginning", description = "Start with the oldest retained records.")
  boolean fromBeginning;

  @Option(names = "--max", defaultValue = "0", description = "Stop after this many records (0 = never).")
  int max;

  @Option(names = "--timeout", defaultValue = "0", description = "Stop after this many seconds (0 = never).")
  long timeoutSeconds;

  @Override
  public Integer call() {
    if (!what.equals("routes") && !what.equals("results")) {
      spec.commandLine().getErr().println("error: tail follows 'routes' or 'results', not '" + what + "'");
      return AtmosphereCli.USAGE;
    }
    Settings settings = connection.settings(AtmosphereCli.home());
    KafkaConnection kafka = connection.kafka(settings);
    MeshClient.checkBroker(kafka, Duration.ofSeconds(5));
    PrintWriter out = spec.commandLine().getOut();
    try (MeshClient client = new MeshClient(kafka, connection.topics(settings));
        KafkaConsumer<String, byte[]> consumer = client.tailConsumer()) {
      String topic = what.equals("routes") ? connection.topics(settings).routes() : connection.topics(settings).results();
      List<TopicPartition> partitions = MeshClient.partitions(consumer, topic);
      consumer.assign(partitions);
      if (fromBeginning) {
        consumer.seekToBeginning(partitions);
      } else {
        consumer.seekToEnd(partitions);
      }
      partitions.forEach(consumer::position);
      spec.commandLine().getErr().println("following " + topic + " (Ctrl-C stops)");
      spec.commandLine().getErr().flush();
      Instant deadline = timeoutSeconds > 0 ? Instant.now().plusSeconds(timeoutSeconds) : Instant.MAX;
      int seen = 0;
      while ((max == 0 || seen < max) && Instant.now().isBefore(deadline)) {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          out.println(line(client, r));
          out.flush();
          if (++seen == max) {
            break;
          }
        }
      }
    }
    return AtmosphereCli.OK;
  }

  private String line(MeshClient client, ConsumerRecord<String, byte[]> r) {
    if (what.equals("routes")) {
      RouteDecision d = client.serdes().route().deserializer().deserialize(r.topic(), r.value());
      if (json) {
        return AvroJson.toJson(d).toString();
      }
      return d.getChosenCapabilityId() == null
          ? String.format(Locale.ROOT, "%s  %s  NO ROUTE  %s", d.getDecidedAt(), d.getIntentId(), d.getReason())
          : String.format(Locale.ROOT, "%s  %s  → %s on %s (%.3f)", d.getDecidedAt(), d.getIntentId(),
              d.getChosenCapabilityId(), d.getChosenNodeId(), d.getScore());
    }
    WorkResult w = client.serdes().result().deserializer().deserialize(r.topic(), r.value());
    if (json) {
      return AvroJson.toJson(w).toString();
    }
    return String.format(Locale.ROOT, "%s  %s  %-9s %s %s", w.getTimings().getFinishedAt(), w.getIntentId(),
        w.getStatus(), w.getCapabilityId() == null ? "-" : w.getCapabilityId() + " on " + w.getNodeId(),
        w.getError() == null ? "" : "— " + w.getError());
  }
}
