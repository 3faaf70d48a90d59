package dev.atmosphere.ops;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

/**
 * One deployable (executor, router) as its own JVM on the test classpath, configured by a properties file, so a test
 * can {@code kill -9} it ({@link Process#destroyForcibly}) the way a machine dies. Output goes to {@code <name>.log}.
 */
final class ChildJvm {

  private ChildJvm() {}

  /** A whole node ({@code atmosphere up}) in its own JVM, its home {@code <dir>/<name>}, configured by {@code config}. */
  static Process up(Path dir, String name, Map<String, String> config) throws IOException {
    Path file = properties(dir, name, config);
    Path home = Files.createDirectories(dir.resolve(name));
    String java = ProcessHandle.current().info().command().orElse("java");
    return new ProcessBuilder(java, "-Xmx384m", "-Datmosphere.home=" + home, "-Djava.io.tmpdir=" + dir,
        "-DDJL_CACHE_DIR=" + dir.resolve("djl"), "-cp", System.getProperty("java.class.path"),
        "dev.atmosphere.ops.cli.AtmosphereCli", "up", "--config", file.toString(), "--node-name", name)
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve(name + ".log").toFile()))
        .start();
  }

  static Process start(Path dir, String name, String mainClass, Map<String, String> config) throws IOException {
    Path file = properties(dir, name, config);
    String java = ProcessHandle.current().info().command().orElse("java");
    return new ProcessBuilder(java, "-Xmx256m", "-Djava.io.tmpdir=" + dir, "-DDJL_CACHE_DIR=" + dir.resolve("djl"),
        "-cp", System.getProperty("java.class.path"), mainClass, file.toString())
        .redirectErrorStream(true).redirectOutput(dir.resolve(name + ".log").toFile()).start();
  }

  private static Path properties(Path dir, String name, Map<String, String> config) throws IOException {
    Path file = dir.resolve(name + ".properties");
    Properties p = new Properties();
    p.putAll(config);
    try (Writer w = Files.newBufferedWriter(file)) {
      p.store(w, name);
    }
    return file;
  }
}
