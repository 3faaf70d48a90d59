package dev.atmosphere.ops.cli;

import dev.atmosphere.common.config.Settings;
import dev.atmosphere.common.kafka.KafkaConnection;
import dev.atmosphere.client.MeshClient;
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
@Command(name = "tail", description = "Follow routes or results as they happen (Ctrl-C stops).",
    footer = "Example: ./atmosphere tail routes --json")
final class TailCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin Connection connection;

  @Parameters(index = "0", paramLabel = "routes|results|alerts", description = "What to follow.")
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
    if (!java.util.Set.of("routes", "results", "alerts").contains(what)) {
      spec.commandLine().getErr().println("error: tail follows 'routes', 'results' or 'alerts', not '" + what + "'");
      return AtmosphereCli.USAGE;
    }
    Settings settings = connection.settings(AtmosphereCli.home());
    KafkaConnection kafka = connection.kafka(settings);
    MeshClient.checkBroker(kafka, Duration.ofSeconds(5));
    PrintWriter out = spec.commandLine().getOut();
    try (MeshClient client = new MeshClient(kafka, connection.topics(settings));
        KafkaConsumer<String, byte[]> consumer = client.tailConsumer()) {
      String topic = switch (what) {
        case "routes" -> connection.topics(settings).routes();
        case "alerts" -> connection.topics(settings).alerts();
        default -> connection.topics(settings).results();
      };
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
          out.println(safeLine(client, r));
          out.flush();
          if (++seen == max) {
            break;
          }
        }
      }
    }
    return AtmosphereCli.OK;
  }

  /** One line per record; a record that cannot be decoded is shown as such, and tailing goes on. */
  private String safeLine(MeshClient client, ConsumerRecord<String, byte[]> r) {
    try {
      return line(client, r);
    } catch (RuntimeException e) {
      return String.format(Locale.ROOT, "%s-%d@%d  undecodable record: %s", r.topic(), r.partition(), r.offset(),
          e.getMessage());
    }
  }

  private String line(MeshClient client, ConsumerRecord<String, byte[]> r) {
    if (what.equals("alerts")) {
      dev.atmosphere.schemas.Alert a = client.serdes().serde(dev.atmosphere.schemas.Alert.class).deserializer()
          .deserialize(r.topic(), r.value());
      return json ? AvroJson.toJson(a).toString() : String.format(Locale.ROOT, "%s  %-8s %-22s %s  %s",
          a.getWindowEnd(), a.getSeverity(), a.getType(), a.getSubject(), a.getMessage());
    }
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
