package dev.atmosphere.ops.embedded;

import dev.atmosphere.common.config.Settings;
import dev.atmosphere.common.kafka.KafkaConnection;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The broker and registry {@code ./atmosphere up} embeds when the configuration names none: a KRaft broker on
 * {@code <data dir>/kafka} and a durable registry on {@code <data dir>/registry}, checked to be a pair before either
 * starts ({@link DataDirPairing}) and paired once both run. Where the configuration names a cluster or a registry,
 * that one is used and nothing is embedded for it.
 */
public final class EmbeddedServers {

  private EmbeddedServers() {}

  /**
   * Starts what is not configured, puts its address into {@code resolved} and returns what was started, in start
   * order (the caller closes them in reverse).
   */
  public static List<AutoCloseable> start(Path home, Path dataDir, Settings base, Map<String, String> resolved) {
    boolean kafka = base.optional(KafkaConnection.BOOTSTRAP).isEmpty();
    boolean registry = base.optional(KafkaConnection.REGISTRY).isEmpty();
    DataDirPairing pairing = new DataDirPairing(dataDir.resolve("kafka"), dataDir.resolve("registry"));
    if (kafka && registry) {
      pairing.check();
    }
    List<AutoCloseable> started = new ArrayList<>();
    try {
      if (kafka) {
        EmbeddedKafka broker = EmbeddedKafka.start(dataDir.resolve("kafka"),
            Ports.preferred(base.intIn("embedded.kafka.port", 9092, 0, 65535)));
        started.add(broker);
        resolved.put(KafkaConnection.BOOTSTRAP, broker.bootstrapServers());
      }
      if (registry) {
        EmbeddedRegistry schemas = EmbeddedRegistry.start(EmbeddedRegistry.locateJar(home),
            Ports.preferred(base.intIn("embedded.registry.port", 8081, 0, 65535)), dataDir.resolve("registry"),
            dataDir.resolve("logs/registry.log"), Duration.ofSeconds(60));
        started.add(schemas);
        resolved.put(KafkaConnection.REGISTRY, schemas.ccompatUrl());
      }
      if (kafka && registry) {
        pairing.pair();
      }
      return started;
    } catch (RuntimeException e) {
      for (int i = started.size() - 1; i >= 0; i--) {
        try {
          started.get(i).close();
        } catch (Exception suppressed) {
          e.addSuppressed(suppressed);
        }
      }
      throw e;
    }
  }
}
