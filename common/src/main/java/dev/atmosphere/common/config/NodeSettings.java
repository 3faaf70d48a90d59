package dev.atmosphere.common.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The settings of a node from wherever they are: a YAML file in the design's shape (the default; see
 * {@link YamlNodeConfig}) or a flat {@code .properties} file, then environment variables, then overrides.
 */
public final class NodeSettings {

  private final Optional<Path> file;
  private final Map<String, String> env;
  private final Map<String, Settings.Value> fileValues;
  private final List<String> problems;

  private NodeSettings(Optional<Path> file, Map<String, String> env, YamlNodeConfig.Loaded loaded) {
    this.file = file;
    this.env = env;
    this.fileValues = loaded.values();
    this.problems = loaded.problems();
  }

  /** Reads (and validates the shape of) the file once; {@link #with} layers overrides on top. */
  public static NodeSettings read(Optional<Path> explicit, Map<String, String> env, Path home) {
    Optional<Path> file = explicit.or(() -> YamlNodeConfig.locate(env, home));
    if (file.isPresent() && !Files.isRegularFile(file.get())) {
      throw new ConfigException(List.of(file.get() + ": configuration file does not exist"));
    }
    if (file.isPresent() && file.get().toString().endsWith(".properties")) {
      return new NodeSettings(file, env, new YamlNodeConfig.Loaded(Map.of(), List.of()));
    }
    return new NodeSettings(file, env, YamlNodeConfig.load(file, env));
  }

  /** No file at all: environment and overrides only. */
  public static NodeSettings none(Map<String, String> env) {
    return new NodeSettings(Optional.empty(), env, YamlNodeConfig.load(Optional.empty(), env));
  }

  public Optional<Path> file() {
    return file;
  }

  /** Problems of the file's shape (unknown keys, types, ranges); {@link #with} refuses to go on with any. */
  public List<String> problems() {
    return problems;
  }

  /** Settings for checking: file problems are carried into {@link Settings#validate()} instead of thrown. */
  public Settings forCheck(Map<String, String> overrides) {
    Settings s = build(overrides);
    problems.forEach(s::report);
    return s;
  }

  public Settings with(Map<String, String> overrides) {
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    return build(overrides);
  }

  private Settings build(Map<String, String> overrides) {
    if (file.isPresent() && file.get().toString().endsWith(".properties")) {
      return Settings.load(file.get(), env, overrides);
    }
    return Settings.layered(fileValues, env, overrides);
  }
}
