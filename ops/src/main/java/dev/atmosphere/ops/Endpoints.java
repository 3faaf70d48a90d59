package dev.atmosphere.ops;

import dev.atmosphere.common.kafka.KafkaConnection;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * Where a running {@code ./atmosphere up} listens, as the CLI, applications and tests read it from
 * {@code <data dir>/run/endpoints.properties}: written when the stack is up, removed when it stops. The keys are
 * settings keys ({@code kafka.bootstrap.servers}, {@code registry.url}, ...), so the file doubles as a CLI config.
 */
public record Endpoints(Map<String, String> values) {

  public static final String NODE_ID = "node.id";
  public static final String GATEWAY_URL = "gateway.url";
  public static final String IDENTITY_DIR = "identity.dir";
  public static final String METRICS_URL = "metrics.url";
  public static final String MODE = "mode";
  /** The node config {@code up} read (YAML or properties): the CLI connects as the node does (auth, TLS). */
  public static final String CONFIG_FILE = "config.file";
  /** Shared with other machines: where they reach this broker (mesh login), and the certificate they trust. */
  public static final String SHARED_BOOTSTRAP = "shared.kafka.bootstrap.servers";
  public static final String SHARED_TLS_CA = "shared.kafka.tls.ca";

  public Endpoints {
    values = Map.copyOf(values);
  }

  public static Path file(Path dataDir) {
    return dataDir.resolve("run/endpoints.properties");
  }

  public String bootstrap() {
    return values.get(KafkaConnection.BOOTSTRAP);
  }

  public String registry() {
    return values.get(KafkaConnection.REGISTRY);
  }

  public String nodeId() {
    return values.get(NODE_ID);
  }

  /** The OpenAI base URL ({@code http://host:port/v1}); null on a node without a local API. */
  public String gatewayUrl() {
    return values.get(GATEWAY_URL);
  }

  public String identityDir() {
    return values.get(IDENTITY_DIR);
  }

  public Optional<String> metricsUrl() {
    return Optional.ofNullable(values.get(METRICS_URL));
  }

  /** Any other key of the file (site link, topics prefix). */
  public String get(String key) {
    return values.get(key);
  }

  void write(Path dataDir) {
    Path file = file(dataDir);
    Properties p = new Properties();
    p.putAll(values);
    try {
      Files.createDirectories(file.getParent());
      Path partial = file.resolveSibling(file.getFileName() + ".partial");
      try (Writer w = Files.newBufferedWriter(partial)) {
        p.store(w, "written by ./atmosphere up; removed when it stops");
      }
      // whoever sees the file sees all of it: the CLI and scripts wait for it to appear, then read it at once
      Files.move(partial, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
          java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }
}
