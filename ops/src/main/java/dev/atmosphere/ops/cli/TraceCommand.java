package dev.atmosphere.ops.cli;

import dev.atmosphere.common.config.Settings;
import dev.atmosphere.common.kafka.KafkaConnection;
import dev.atmosphere.client.MeshClient;
import dev.atmosphere.schemas.RouteDecision;
import dev.atmosphere.schemas.WorkResult;
import dev.atmosphere.schemas.WorkUnit;
import dev.atmosphere.schemas.topics.Topics;
import dev.atmosphere.schemas.trace.TraceHeaders;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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

/**
 * {@code atmosphere trace <intent-id>}: one intent's path through the mesh — intent, routes, work units on node
 * topics, attempts, streamed chunks, the result — found by the {@code atmosphere-intent-id} header every record about
 * it carries, in time order.
 */
@Command(name = "trace", description = "Show one intent's path: intent → route → work → attempts → result.",
    footer = "Example: ./atmosphere trace 2069c9bc-2f7b-44ad-a6fd-ba6c9e84c16c --since 120")
final class TraceCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin Connection connection;

  @Parameters(index = "0", paramLabel = "INTENT_ID", description = "The intent to follow.")
  String intentId;

  @Option(names = "--since", defaultValue = "60", description = "Search records of the last N minutes (default ${DEFAULT-VALUE}).")
  long sinceMinutes;

  /** One record on the path. */
  record Hop(long timestamp, String topic, String what) {}

  @Override
  public Integer call() {
    Settings settings = connection.settings(AtmosphereCli.home());
    KafkaConnection kafka = connection.kafka(settings);
    MeshClient.checkBroker(kafka, Duration.ofSeconds(5));
    Topics topics = connection.topics(settings);
    PrintWriter out = spec.commandLine().getOut();
    List<Hop> hops = new ArrayList<>();
    try (MeshClient client = new MeshClient(kafka, topics);
        KafkaConsumer<String, byte[]> consumer = client.tailConsumer()) {
      List<String> names = new ArrayList<>(List.of(topics.intents(), topics.routerIntents(), topics.routes(),
          topics.attempts(), topics.results(), topics.resultChunks(), topics.planUnits()));
      consumer.listTopics(Duration.ofSeconds(10)).keySet().stream()
          .filter(t -> t.startsWith(topics.prefix() + ".work.") && !t.equals(topics.workDlq())).forEach(names::add);
      List<TopicPartition> partitions = MeshClient.partitions(consumer, names.toArray(String[]::new));
      consumer.assign(partitions);
      seekToSince(consumer, partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      Instant deadline = Instant.now().plusSeconds(30);
      while (Instant.now().isBefore(deadline) && partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          if (intentId.equals(TraceHeaders.intentId(r.headers()))) {
            hops.add(new Hop(r.timestamp(), r.topic(), describe(client, topics, r)));
          }
        }
      }
    }
    if (hops.isEmpty()) {
      spec.commandLine().getErr().println("no records of intent " + intentId + " in the last " + sinceMinutes
          + " minutes");
      return AtmosphereCli.INTENT_FAILED;
    }
    hops.sort(Comparator.comparingLong(Hop::timestamp));
    long first = hops.get(0).timestamp();
    for (Hop h : hops) {
      out.printf(Locale.ROOT, "%s  +%5d ms  %-32s %s%n", Instant.ofEpochMilli(h.timestamp()), h.timestamp() - first,
          h.topic(), h.what());
    }
    out.flush();
    return AtmosphereCli.OK;
  }

  private void seekToSince(KafkaConsumer<String, byte[]> consumer, List<TopicPartition> partitions) {
    MeshClient.seekToSince(consumer, partitions, Duration.ofMinutes(sinceMinutes));
  }

  private static String describe(MeshClient client, Topics topics, ConsumerRecord<String, byte[]> r) {
    String t = r.topic();
    if (t.equals(topics.routes())) {
      RouteDecision d = client.serdes().route().deserializer().deserialize(t, r.value());
      return d.getChosenCapabilityId() == null ? "route: NO ROUTE — " + d.getReason()
          : String.format(Locale.ROOT, "route: attempt %d → %s on %s (score %.3f)%s", d.getAttempt(),
              d.getChosenCapabilityId(), d.getChosenNodeId(), d.getScore(),
              d.getReason() == null ? "" : " — " + d.getReason()); // fallback, affinity, feedback
    }
    if (t.equals(topics.results()) || t.equals(topics.attempts()) || t.equals(topics.planUnits())) {
      WorkResult w = client.serdes().result().deserializer().deserialize(t, r.value());
      String kind = t.equals(topics.attempts()) ? "attempt" : t.equals(topics.results()) ? "result" : "plan unit";
      return kind + ": " + w.getStatus() + (w.getNodeId() == null ? "" : " on " + w.getNodeId())
          + (w.getCacheHit() ? " (cache hit)" : "") + (w.getError() == null ? "" : " — " + w.getError());
    }
    if (t.equals(topics.intents()) || t.equals(topics.routerIntents())) {
      var i = client.serdes().intent().deserializer().deserialize(t, r.value());
      return (t.equals(topics.intents()) ? "intent: " : "intent (posted by the router): ") + i.getKind() + " \""
          + abbreviate(i.getText()) + "\"";
    }
    if (t.equals(topics.resultChunks())) {
      return "chunk";
    }
    WorkUnit u = client.serdes().work().deserializer().deserialize(t, r.value());
    return "work unit " + u.getWorkId() + " (attempt " + u.getAttempt() + ", " + u.getCapabilityId() + ")";
  }

  private static String abbreviate(String s) {
    return s.length() > 60 ? s.substring(0, 57) + "..." : s;
  }
}
