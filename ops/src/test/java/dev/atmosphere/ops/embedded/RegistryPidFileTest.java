package dev.atmosphere.ops.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A registry left running by a launcher that was killed is stopped by the next start on the same data; a registry
 * whose launcher still runs, and a process that is not a registry, are left alone.
 */
class RegistryPidFileTest {

  private static final Path JAR = Path.of("registry-server-test-runner.jar");
  @TempDir Path storage;
  private Process child;

  /** A long-lived process whose command line names the registry jar, as an orphaned registry's does. */
  private Process registryLike() throws Exception {
    Process p = new ProcessBuilder("bash", "-c", "sleep 60; true", JAR.toString()).start();
    assertThat(p.info().commandLine()).hasValueSatisfying(c -> assertThat(c).contains(JAR.toString()));
    return p;
  }

  private static long deadPid() throws Exception {
    Process gone = new ProcessBuilder("true").start();
    assertThat(gone.waitFor(10, TimeUnit.SECONDS)).isTrue();
    return gone.pid();
  }

  @AfterEach
  void stop() {
    if (child != null) {
      child.descendants().forEach(ProcessHandle::destroyForcibly);
      child.destroyForcibly();
    }
  }

  @Test
  void shouldStopARegistryWhoseLauncherIsGone() throws Exception {
    child = registryLike();
    Files.writeString(storage.resolve(RegistryPidFile.NAME), child.pid() + " " + deadPid() + "\n");

    assertThat(RegistryPidFile.stopOrphan(storage, JAR, Duration.ofSeconds(10))).isTrue();
    assertThat(child.waitFor(10, TimeUnit.SECONDS)).as("the orphan is stopped").isTrue();
  }

  @Test
  void shouldGiveTheNextStartThePortTheOrphanHeld() throws Exception {
    int port = Ports.freePort();
    String java = ProcessHandle.current().info().command().orElse("java");
    ProcessBuilder holder = new ProcessBuilder(java, PortHolder.class.getName(), Integer.toString(port),
        JAR.toString()); // a short command line, as the registry's: the class path goes in the environment
    holder.environment().put("CLASSPATH", System.getProperty("java.class.path"));
    child = holder.start();
    assertThat(new java.io.BufferedReader(new java.io.InputStreamReader(child.getInputStream())).readLine())
        .isEqualTo("listening");
    assertThat(Ports.isFree(port)).as("held by the orphan").isFalse();
    Files.writeString(storage.resolve(RegistryPidFile.NAME), child.pid() + " " + deadPid() + "\n");

    assertThat(RegistryPidFile.portAfterOrphan(storage, JAR, port)).as("the usual port, not a random one")
        .isEqualTo(port);
    assertThat(child.isAlive()).isFalse();
  }

  @Test
  void shouldLeaveARegistryWhoseLauncherStillRuns() throws Exception {
    child = registryLike();
    Files.writeString(storage.resolve(RegistryPidFile.NAME), child.pid() + " " + ProcessHandle.current().pid());

    assertThat(RegistryPidFile.stopOrphan(storage, JAR, Duration.ofSeconds(10))).isFalse();
    assertThat(child.isAlive()).isTrue();
  }

  @Test
  void shouldLeaveAProcessThatIsNotARegistryAndIgnoreAFileThatIsNotOurs() throws Exception {
    child = new ProcessBuilder("sleep", "60").start(); // the recorded pid, reused by something else
    Files.writeString(storage.resolve(RegistryPidFile.NAME), child.pid() + " " + deadPid());

    assertThat(RegistryPidFile.stopOrphan(storage, JAR, Duration.ofSeconds(10))).isFalse();
    assertThat(child.isAlive()).isTrue();
    Files.writeString(storage.resolve(RegistryPidFile.NAME), "garbage");
    assertThat(RegistryPidFile.stopOrphan(storage, JAR, Duration.ofSeconds(10))).isFalse();
  }
}
