package dev.atmosphere.common.config;

import java.util.Map;
import java.util.Optional;

/**
 * Where this node's backends are, resolved the same way by the agent and the executor: configured keys first,
 * then the variables LlamaFarm and Ollama users already set ({@code LLAMAFARM_URL}, {@code OLLAMA_HOST}).
 */
public final class BackendUrls {

  private BackendUrls() {}

  /** {@code llamafarm.url}, else {@code LLAMAFARM_URL}, else localhost at {@code discovery.http_port}; else probe. */
  public static Optional<String> llamafarm(Settings s, Map<String, String> env) {
    return s.optional(CommonKeys.LLAMAFARM_URL).or(() -> Optional.ofNullable(env.get("LLAMAFARM_URL")))
        .or(() -> s.optional(CommonKeys.LLAMAFARM_PORT).map(port -> "http://localhost:" + port));
  }

  /** {@code ollama.host}, else {@code OLLAMA_HOST}, else localhost:11434; a bare host:port gets http://. */
  public static String ollama(Settings s, Map<String, String> env) {
    String host = s.get(CommonKeys.OLLAMA_HOST, env.getOrDefault("OLLAMA_HOST", "http://localhost:11434"));
    return host.startsWith("http") ? host : "http://" + host;
  }

  /** {@code llamafarm.data.dir}, else {@code LF_DATA_DIR}, else {@code ~/.llamafarm}: where its projects are. */
  public static java.nio.file.Path llamafarmDataDir(Settings s, Map<String, String> env) {
    return java.nio.file.Path.of(s.get(CommonKeys.LLAMAFARM_DATA_DIR,
        env.getOrDefault("LF_DATA_DIR", java.nio.file.Path.of(System.getProperty("user.home"), ".llamafarm").toString())));
  }
}
