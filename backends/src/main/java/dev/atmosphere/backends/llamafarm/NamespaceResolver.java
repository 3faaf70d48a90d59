package dev.atmosphere.backends.llamafarm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Which LlamaFarm namespaces to enumerate. LlamaFarm has no namespace listing: the configured list wins, else
 * the directories under {@code <data dir>/projects} when this agent runs beside the server, else {@code default}.
 */
public final class NamespaceResolver {

  private NamespaceResolver() {}

  public static List<String> resolve(List<String> configured, Path dataDir) {
    if (!configured.isEmpty()) {
      return configured;
    }
    Path projects = dataDir.resolve("projects");
    if (Files.isDirectory(projects) && Files.isReadable(projects)) {
      try (Stream<Path> dirs = Files.list(projects)) {
        List<String> found = dirs.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
        if (!found.isEmpty()) {
          return found;
        }
      } catch (IOException e) {
        // unreadable: fall back to the default namespace
      }
    }
    return List.of("default");
  }
}
