package dev.atmosphere.bench;

import dev.atmosphere.common.config.Settings;
import dev.atmosphere.common.embed.Embedder;
import dev.atmosphere.common.identity.NodeIdentity;
import dev.atmosphere.common.kafka.KafkaConnection;
import dev.atmosphere.executor.ExecutorConfig;
import dev.atmosphere.executor.NodeExecutor;
import dev.atmosphere.ingest.IngestConfig;
import dev.atmosphere.ingest.LoadSource;
import dev.atmosphere.ingest.NodeAgent;
import dev.atmosphere.ops.embedded.EmbeddedKafka;
import dev.atmosphere.ops.embedded.EmbeddedRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Bench meshes: the settings every bench service shares, and nodes backed by a fixed-latency LlamaFarm stand-in. */
final class StubNodes {

  private StubNodes() {}

  /** Settings of a bench mesh on {@code kafka} and {@code registry}, state under {@code dir}. */
  static Map<String, String> settings(EmbeddedKafka kafka, EmbeddedRegistry registry, Path dir) {
    return new HashMap<>(Map.of(KafkaConnection.BOOTSTRAP, kafka.bootstrapServers(),
        KafkaConnection.REGISTRY, registry.ccompatUrl(), "router.state.dir", dir.resolve("router").toString(),
        "ollama.host", "http://127.0.0.1:1", "heartbeat.interval", "500ms", "discovery.interval", "1s",
        "builtin.embeddings", "false", "llamafarm.namespaces", "general"));
  }

  /** Starts a stand-in, an executor and an agent named {@code name}; adds them to {@code running} to close. */
  static void start(List<AutoCloseable> running, Map<String, String> common, Embedder embedder, Duration latency,
      String name) throws Exception {
    StubLlamaFarm farm = new StubLlamaFarm("general", "assistant", latency);
    running.add(farm);
    NodeIdentity id = NodeIdentity.ephemeral(name, java.util.Optional.empty());
    Map<String, String> values = new HashMap<>(common);
    values.put("node.id", id.nodeId());
    values.put("llamafarm.url", farm.url());
    Settings s = Settings.of(values);
    NodeExecutor executor = new NodeExecutor(ExecutorConfig.from(s, Map.of()), id, embedder, Clock.systemUTC(), new io.micrometer.core.instrument.simple.SimpleMeterRegistry()).start();
    running.add(executor);
    running.add(new NodeAgent(IngestConfig.from(s, Map.of()), id, embedder,
        () -> new LoadSource.Load(executor.inFlight(), executor.queued(), executor.maxConcurrent()),
        Clock.systemUTC()).start());
  }

  /** Closes what {@link #start} started, newest first — before the broker and registry they talk to. */
  static void closeAll(List<AutoCloseable> running) throws Exception {
    for (int i = running.size() - 1; i >= 0; i--) {
      running.get(i).close();
    }
  }
}
