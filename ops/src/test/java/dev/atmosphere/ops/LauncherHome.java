package dev.atmosphere.ops;

import dev.atmosphere.common.embed.Embedder;
import dev.atmosphere.common.testing.FakeLlamaFarm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A checkout as a new user has it, for the launcher ITs: {@code atmosphere.home} pointed at a temporary directory
 * (so the CLI finds the endpoints file there), a LlamaFarm stand-in with one contracts project on
 * {@code LLAMAFARM_URL}, and the launcher's stack started on {@code <home>/.atmosphere} as {@code ./atmosphere up}
 * starts it. Restores the property on close.
 */
final class LauncherHome implements AutoCloseable {

  final Path home;
  final FakeLlamaFarm farm;
  private final String previousHome;

  LauncherHome(Path home) throws IOException {
    this.home = home;
    this.farm = new FakeLlamaFarm().answerPrefix("stand-in says").project("default", "contracts",
        FakeLlamaFarm.projectConfig("default", "contracts", "reviewer", "qwen3:8b", "Contract review",
            "You are a lawyer who reviews commercial contracts and their clauses.", List.of()));
    Files.createDirectories(home.resolve("ops/registry-server/target"));
    this.previousHome = System.setProperty("atmosphere.home", home.toString());
  }

  MeshStack start(Embedder embedder) {
    return start(embedder, 0, 0);
  }

  /** On fixed ports, as {@code ./atmosphere up} runs: clients of one start find the next one where they left it. */
  MeshStack start(Embedder embedder, int kafkaPort, int registryPort) {
    return MeshStack.start(home, home.resolve("absent.properties"),
        Map.of("LLAMAFARM_URL", farm.url(), "LF_DATA_DIR", home.resolve("lf").toString()),
        Map.of("node.name", "laptop", "embedded.kafka.port", Integer.toString(kafkaPort),
            "embedded.registry.port", Integer.toString(registryPort),
            "ollama.host", "http://127.0.0.1:1", "discovery.interval", "500ms", "heartbeat.interval", "500ms"),
        embedder);
  }

  @Override
  public void close() {
    farm.close();
    if (previousHome == null) {
      System.clearProperty("atmosphere.home");
    } else {
      System.setProperty("atmosphere.home", previousHome);
    }
  }
}
