package dev.atmosphere.ops.cli;

import dev.atmosphere.common.config.Settings;
import dev.atmosphere.common.kafka.KafkaConnection;
import dev.atmosphere.client.MeshClient;
import dev.atmosphere.schemas.MigrationEvent;
import dev.atmosphere.schemas.topics.Topics;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code atmosphere migrations}: every model migration's latest status, from the compacted migrations topic. */
@Command(name = "migrations", description = "List model migrations and where each stands.",
    footer = "Example: ./atmosphere migrations")
final class MigrationsCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin Connection connection;

  @Override
  public Integer call() {
    Settings settings = connection.settings(AtmosphereCli.home());
    KafkaConnection kafka = connection.kafka(settings);
    MeshClient.checkBroker(kafka, Duration.ofSeconds(5));
    Topics topics = connection.topics(settings);
    Map<String, MigrationEvent> latest = new TreeMap<>();
    try (MeshClient client = new MeshClient(kafka, topics)) {
      var decode = client.serdes().serde(MigrationEvent.class).deserializer();
      Connection.read(client, null, r -> latest.put(r.key(), decode.deserialize(r.topic(), r.value())),
          topics.migrations());
    }
    PrintWriter out = spec.commandLine().getOut();
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"MIGRATION", "MODEL", "FROM", "TO", "STATUS", "MB", "AT", "NOTE"});
    latest.values().forEach(e -> rows.add(new String[] {e.getMigrationId(), e.getModel(), e.getSourceNodeId(),
        e.getTargetNodeId(), e.getPhase().name(), String.format(Locale.ROOT, "%.1f/%.1f", e.getBytesDone() / 1e6,
        e.getBytesTotal() / 1e6), e.getAt().toString(), e.getError() == null ? "" : e.getError()}));
    Table.print(out, rows);
    return AtmosphereCli.OK;
  }
}
