package dev.atmosphere.common.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Finds the configuration file of a deployable: the first argument, else {@code $ATMOSPHERE_CONFIG}, else
 * {@code ~/.atmosphere/atmosphere.properties} when it exists; environment variables override the file.
 */
public final class ConfigFiles {

  private ConfigFiles() {}

  public static Settings load(String[] args) {
    return load(args, System.getenv(), Map.of());
  }

  public static Settings load(String[] args, Map<String, String> env, Map<String, String> overrides) {
    Path file = resolve(args, env);
    if (file != null && !Files.isRegularFile(file) && (args.length > 0 || env.containsKey("ATMOSPHERE_CONFIG"))) {
      throw new ConfigException(java.util.List.of(file + ": configuration file does not exist"));
    }
    return Settings.load(file, env, overrides);
  }

  static Path resolve(String[] args, Map<String, String> env) {
    if (args.length > 0) {
      return Path.of(args[0]);
    }
    if (env.containsKey("ATMOSPHERE_CONFIG")) {
      return Path.of(env.get("ATMOSPHERE_CONFIG"));
    }
    return Path.of(System.getProperty("user.home"), ".atmosphere", "atmosphere.properties");
  }
}
