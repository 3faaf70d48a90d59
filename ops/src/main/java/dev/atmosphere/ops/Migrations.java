package dev.atmosphere.ops;

import dev.atmosphere.common.config.Settings;
import dev.atmosphere.common.migration.MigrationSettings;
import dev.atmosphere.executor.ExecutorConfig;
import dev.atmosphere.executor.migration.MigrationClient;
import dev.atmosphere.ingest.IngestConfig;
import dev.atmosphere.gateway.MigrationBlobs;
import dev.atmosphere.ingest.migration.MigrationServer;
import java.nio.file.Path;
import java.time.Clock;
import java.util.function.Consumer;
import java.util.function.Supplier;

/** Starts this node's sides of model migration as configured: the source (serve) and the target (accept). */
final class Migrations {

  private Migrations() {}

  /** @return the blobs the node API serves for migrations, or null when this node serves none */
  static MigrationBlobs start(Settings settings, java.util.Map<String, String> env, Path dataDir, IngestConfig ingest,
      ExecutorConfig executor,
      dev.atmosphere.executor.WorkRunner runner, Supplier<String> gatewayUrl, Clock clock,
      Consumer<AutoCloseable> started, io.micrometer.core.instrument.MeterRegistry meters) {
    MigrationSettings migration = MigrationSettings.from(settings, env, dataDir);
    MigrationBlobs blobs = null;
    if (migration.serve()) {
      MigrationServer server = new MigrationServer(ingest.nodeId(), ingest.connection(), ingest.topics(), migration,
          () -> settings.optional(dev.atmosphere.gateway.GatewayKeys.ADVERTISED_URL).orElseGet(gatewayUrl), clock).start();
      started.accept(server);
      blobs = new MigrationBlobs(server::blob, meters);
    }
    if (migration.accept()) {
      dev.atmosphere.ingest.resources.GpuProbe gpu = dev.atmosphere.ingest.resources.GpuProbe.nvidiaSmi(clock);
      MigrationClient client = new MigrationClient(ingest.nodeId(), ingest.connection(), ingest.topics(), migration,
          executor.ollamaHost(), clock, () -> gpu.current().totalVramBytes(), meters).start();
      runner.onSucceeded(client::ran); // migration.keep: a migrated model that answered is used (or removed)
      started.accept(client);
    }
    return blobs;
  }
}
