package dev.atmosphere.ops.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One start per data directory: a second is refused with why; the lock goes with its holder, however it ends. */
class DataDirLockTest {

  @TempDir Path data;

  @Test
  void shouldRefuseASecondStartOnTheSameDataAndAllowOneAfterTheFirstStops() {
    DataDirLock first = DataDirLock.acquire(data);

    assertThatThrownBy(() -> DataDirLock.acquire(data)).hasMessageContaining("another ./atmosphere up is already "
        + "running on " + data);
    first.close();
    DataDirLock.acquire(data).close();
  }

  @Test
  void shouldRefuseWhileAnotherProcessHoldsItAndNotAfterThatProcessIsKilled() throws Exception {
    String java = ProcessHandle.current().info().command().orElse("java");
    ProcessBuilder holder = new ProcessBuilder(java, LockHolder.class.getName(), data.toString());
    holder.environment().put("CLASSPATH", System.getProperty("java.class.path"));
    Process other = holder.start();
    try {
      assertThat(new BufferedReader(new InputStreamReader(other.getInputStream())).readLine()).isEqualTo("locked");

      assertThatThrownBy(() -> DataDirLock.acquire(data)).isInstanceOf(IllegalStateException.class);
      other.destroyForcibly(); // kill -9
      assertThat(other.waitFor(10, TimeUnit.SECONDS)).isTrue();
      DataDirLock.acquire(data).close();
    } finally {
      other.destroyForcibly();
    }
  }

  /** A process that takes the lock of the data directory in its first argument and holds it until it is killed. */
  public static final class LockHolder {
    public static void main(String[] args) throws Exception {
      DataDirLock.acquire(Path.of(args[0]));
      System.out.println("locked");
      System.out.flush();
      System.in.read(); // holds it until the test kills this process (or closes its input)
    }
  }
}
