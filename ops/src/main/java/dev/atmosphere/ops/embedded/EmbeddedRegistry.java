package dev.atmosphere.ops.embedded;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Confluent-compatible schema registry (Apicurio Registry 2.4) as a child JVM, built by the
 * {@code ops/registry-server} module. Durable by default: Apicurio's own SQL storage on an H2 database file under
 * the data directory (the "in-memory" storage of Apicurio 2.x is that same SQL storage on an H2 memory URL), so
 * schema ids survive restarts exactly as the broker's records that carry them do. Clients use
 * {@link #ccompatUrl()}; the child is destroyed on close and when this JVM exits.
 */
public final class EmbeddedRegistry implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(EmbeddedRegistry.class);

  private final Process process;
  private final int port;
  private final String host;
  private RegistryDoor door; // shared: the network door in front of the loopback registry

  private EmbeddedRegistry(Process process, int port, String host) {
    this.process = process;
    this.port = port;
    this.host = host;
  }

  /** The runner jar: system property {@code atmosphere.registry.jar}, else under {@code home}. */
  public static Path locateJar(Path home) {
    String configured = System.getProperty("atmosphere.registry.jar");
    if (configured != null) {
      return Path.of(configured);
    }
    return home.resolve("ops/registry-server/target/registry-server-0.1.0-SNAPSHOT-runner.jar");
  }

  /** An in-memory registry (ids forgotten on stop): for throwaway test and benchmark meshes only. */
  public static EmbeddedRegistry start(Path jar, int port, Path logFile, Duration timeout) {
    return start(jar, port, null, logFile, timeout);
  }

  /**
   * @param storageDir where the registry keeps its database (created if new), or null for memory only
   */
  public static EmbeddedRegistry start(Path jar, int port, Path storageDir, Path logFile, Duration timeout) {
    return start(jar, port, storageDir, logFile, timeout, null);
  }

  /**
   * Starts on {@code preferred} when it is free — after stopping a registry that a killed launcher left running on
   * this data, which would otherwise still hold it and push the new one to another port, where clients that know
   * the usual address (a CLI waiting through the restart, a config file) cannot find it — else on any free port.
   */
  public static EmbeddedRegistry startPreferring(Path jar, int preferred, Path storageDir, Path logFile,
      Duration timeout, String shareAs) {
    return start(jar, RegistryPidFile.portAfterOrphan(storageDir, jar, preferred), storageDir, logFile, timeout,
        shareAs);
  }

  /**
   * Shared with other machines: the registry listens on loopback, and a {@link RegistryDoor} on {@code preferred}
   * (every interface) lets anyone read schemas but only this machine and holders of {@code login} change them.
   */
  public static EmbeddedRegistry startShared(Path jar, int preferred, Path storageDir, Path logFile,
      Duration timeout, String shareAs, String login) {
    EmbeddedRegistry inner = start(jar, 0, storageDir, logFile, timeout, null);
    EmbeddedRegistry shared = new EmbeddedRegistry(inner.process, 0, shareAs);
    try {
      shared.door = RegistryDoor.open(Ports.preferred(preferred), inner.baseUrl(), login);
    } catch (RuntimeException e) {
      inner.close();
      throw e;
    }
    log.info("schema registry shared at {} (reading: anyone; changing: this machine or the mesh login)",
        shared.ccompatUrl());
    return shared;
  }

  /**
   * @param port the port, or 0 for any free one — then a start that loses its port to another process between the
   *     choice and the bind (the registry exits at once saying the address is in use) is tried again on another
   * @param shareAs null: loopback only; else listen on every interface and give out {@code shareAs} in URLs
   */
  public static EmbeddedRegistry start(Path jar, int port, Path storageDir, Path logFile, Duration timeout,
      String shareAs) {
    for (int attempt = 1; ; attempt++) {
      try {
        return startOnce(jar, port > 0 ? port : Ports.freePort(), storageDir, logFile, timeout, shareAs);
      } catch (IllegalStateException e) {
        if (port > 0 || attempt == 3 || !lostItsPort(logFile)) {
          throw e;
        }
        log.warn("the schema registry's free port was taken before it could bind; trying another");
      }
    }
  }

  private static boolean lostItsPort(Path logFile) {
    try {
      String text = Files.readString(logFile);
      return text.contains("already in use") || text.contains("Port already bound") || text.contains("BindException");
    } catch (IOException e) {
      return false;
    }
  }

  private static EmbeddedRegistry startOnce(Path jar, int chosen, Path storageDir, Path logFile, Duration timeout,
      String shareAs) {
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException("schema registry jar " + jar + " is missing: build it with 'mvn -DskipTests package'");
    }
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> command = new ArrayList<>(List.of(java, "-Xmx192m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
        "-Dquarkus.http.host=" + (shareAs == null ? "127.0.0.1" : "0.0.0.0"), "-Dquarkus.http.port=" + chosen, "-Dquarkus.log.level=WARN",
        "-Djava.io.tmpdir=" + logFile.toAbsolutePath().getParent()));
    if (storageDir != null) {
      command.add("-Dquarkus.datasource.jdbc.url=" + jdbcUrl(storageDir));
    }
    command.addAll(List.of("-jar", jar.toString()));
    try {
      Files.createDirectories(logFile.toAbsolutePath().getParent());
      if (storageDir != null) {
        Files.createDirectories(storageDir);
        RegistryPidFile.stopOrphan(storageDir, jar, Duration.ofSeconds(10)); // it would hold the database's lock
      }
      Process process = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile())).start();
      if (storageDir != null) {
        RegistryPidFile.write(storageDir, process);
      }
      EmbeddedRegistry registry = new EmbeddedRegistry(process, chosen, shareAs == null ? "127.0.0.1" : shareAs);
      Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly, "registry-reaper"));
      registry.awaitReady(timeout, logFile);
      log.info("embedded schema registry listening on {}", registry.ccompatUrl());
      return registry;
    } catch (IOException e) {
      throw new IllegalStateException("cannot start the schema registry: " + e.getMessage(), e);
    }
  }

  /** H2 file storage; the database file is {@code <storageDir>/registry.mv.db}. */
  static String jdbcUrl(Path storageDir) {
    return "jdbc:h2:file:" + storageDir.toAbsolutePath().resolve("registry") + ";DB_CLOSE_ON_EXIT=FALSE";
  }

  private void awaitReady(Duration timeout, Path logFile) {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    HttpRequest ready = HttpRequest.newBuilder(URI.create(baseUrl() + "/health/ready"))
        .timeout(Duration.ofSeconds(2)).build();
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IllegalStateException("schema registry exited with " + process.exitValue() + "; see " + logFile);
      }
      try {
        if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      try {
        process.waitFor(100, java.util.concurrent.TimeUnit.MILLISECONDS); // paces the probe; returns early on exit
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    process.destroyForcibly();
    throw new IllegalStateException("schema registry not ready within " + timeout + "; see " + logFile);
  }

  public String baseUrl() {
    return "http://" + host + ":" + (door == null ? port : door.port());
  }

  /** The Confluent-compatible API root. */
  public String ccompatUrl() {
    return baseUrl() + "/apis/ccompat/v7";
  }

  @Override
  public void close() {
    if (door != null) {
      door.close();
    }
    process.destroy();
    try {
      if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
