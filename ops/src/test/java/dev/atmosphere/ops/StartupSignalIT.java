package dev.atmosphere.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./atmosphere up} stopped with SIGTERM while it is still starting (its schema registry child JVM launched,
 * not yet ready): the launcher exits and leaves no process behind — the registry would otherwise keep its port and
 * its database locked for the next start.
 */
@Timeout(180)
class StartupSignalIT {

  @TempDir Path home;

  @Test
  void shouldLeaveNoChildProcessWhenStoppedWhileStarting() throws Exception {
    Path config = home.resolve("node.properties");
    Properties p = new Properties();
    p.putAll(java.util.Map.of("embedded.kafka.port", "0", "embedded.registry.port", "0", "gateway.port", "0",
        "metrics.port", "0", "monitoring.enabled", "false", "ollama.host", "http://127.0.0.1:1",
        "llamafarm.url", "http://127.0.0.1:1"));
    try (Writer w = Files.newBufferedWriter(config)) {
      p.store(w, "StartupSignalIT");
    }
    String java = ProcessHandle.current().info().command().orElse("java");
    Process launcher = new ProcessBuilder(java, "-Xmx512m", "-Datmosphere.home=" + home,
        "-Datmosphere.registry.jar=" + System.getProperty("atmosphere.registry.jar"),
        "-Djava.io.tmpdir=" + home, "-cp", System.getProperty("java.class.path"),
        "dev.atmosphere.ops.cli.AtmosphereCli", "up", "--config", config.toString())
        .redirectErrorStream(true).redirectOutput(home.resolve("up.log").toFile()).start();

    AtomicReference<ProcessHandle> seen = new AtomicReference<>();
    try {
      await().atMost(Duration.ofSeconds(90)).until(() -> {
        registry(launcher).ifPresent(seen::set); // kept as first seen: a later look may not read its command line
        return seen.get() != null || !launcher.isAlive();
      });
    } finally {
      if (seen.get() == null) {
        launcher.destroyForcibly(); // nothing to stop gracefully: do not leave it running past the test
      }
    }
    List<ProcessHandle> children = seen.get() == null ? List.of() : List.of(seen.get());
    assertThat(children).as("the registry child JVM was launched (launcher alive: %s); see %s", launcher.isAlive(),
        home.resolve("up.log")).isNotEmpty();
    boolean stillStarting = !Files.readString(home.resolve("up.log")).contains("atmosphere is up.");

    launcher.destroy(); // SIGTERM, as Ctrl-C or a service manager sends it

    assertThat(launcher.waitFor(60, TimeUnit.SECONDS)).as("the launcher exits").isTrue();
    await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
        assertThat(children).as("no process left behind").noneMatch(ProcessHandle::isAlive));
    assertThat(stillStarting).as("the signal came while it was still starting").isTrue();
  }

  private static java.util.Optional<ProcessHandle> registry(Process launcher) {
    return launcher.descendants().filter(h -> h.info().commandLine().orElse("").contains("registry-server"))
        .findAny();
  }
}
