package dev.atmosphere.common.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Function;

/**
 * Layered key/value configuration: built-in defaults, then an optional properties file, then environment
 * variables ({@code ATMOSPHERE_} + key upper-cased with dots as underscores), then explicit overrides. Typed
 * getters collect every problem (naming the key, the source and what is allowed) so a deployable reports them
 * all at once in {@link #validate()}.
 */
public final class Settings {

  /** Where a value came from, for messages and {@code config show}. */
  public record Value(String raw, String source) {}

  private final Map<String, Value> values;
  private final List<String> problems = new ArrayList<>();

  private Settings(Map<String, Value> values) {
    this.values = values;
  }

  /**
   * @param file properties file, may be null or missing
   * @param env environment (System.getenv() in production, a map in tests)
   * @param overrides highest-priority values (e.g. from the launcher)
   */
  public static Settings load(Path file, Map<String, String> env, Map<String, String> overrides) {
    Map<String, Value> values = new HashMap<>();
    if (file != null && Files.isRegularFile(file)) {
      Properties props = new Properties();
      try (Reader reader = Files.newBufferedReader(file)) {
        props.load(reader);
      } catch (IOException e) {
        throw new ConfigException(List.of(file + ": cannot read: " + e.getMessage()));
      }
      props.forEach((k, v) -> values.put(k.toString(), new Value(v.toString().trim(), file.toString())));
    }
    env.forEach(
        (k, v) -> {
          if (k.startsWith("ATMOSPHERE_")) {
            String key = k.substring("ATMOSPHERE_".length()).toLowerCase().replace('_', '.');
            values.put(key, new Value(v.trim(), "env " + k));
          }
        });
    overrides.forEach((k, v) -> values.put(k, new Value(v, "override")));
    return new Settings(values);
  }

  /**
   * Layers: values already read from a file (each with its source, e.g. a YAML key path), then environment
   * variables, then overrides.
   */
  public static Settings layered(Map<String, Value> fileValues, Map<String, String> env,
      Map<String, String> overrides) {
    Settings s = load(null, env, overrides);
    fileValues.forEach(s.values::putIfAbsent);
    return s;
  }

  public static Settings of(Map<String, String> values) {
    return load(null, Map.of(), values);
  }

  public java.util.Set<String> keys() {
    return java.util.Set.copyOf(values.keySet());
  }

  public Optional<Value> raw(String key) {
    return Optional.ofNullable(values.get(key));
  }

  /** The value of a declared key, or its default (a problem is collected when the value is not allowed). */
  public <T> T get(Key<T> key) {
    return key.from(this);
  }

  /** The value of a declared key, or {@code computedDefault} when it is not configured. */
  public <T> T get(Key<T> key, T computedDefault) {
    return key.from(this, computedDefault);
  }

  /** The value of a declared key when it is configured (and allowed). */
  public <T> Optional<T> optional(Key<T> key) {
    return key.optional(this);
  }

  public String string(String key, String defaultValue) {
    Value v = values.get(key);
    return v == null || v.raw().isEmpty() ? defaultValue : v.raw();
  }

  public Optional<String> optional(String key) {
    return Optional.ofNullable(string(key, null));
  }

  public int intIn(String key, int defaultValue, int min, int max) {
    return parse(key, defaultValue, Integer::parseInt, "an integer from " + min + " to " + max,
        n -> n >= min && n <= max);
  }

  public double doubleIn(String key, double defaultValue, double min, double max) {
    return parse(key, defaultValue, Double::parseDouble, "a number from " + min + " to " + max,
        n -> n >= min && n <= max);
  }

  public boolean bool(String key, boolean defaultValue) {
    return parse(key, defaultValue, s -> switch (s.toLowerCase()) {
      case "true", "yes", "on" -> true;
      case "false", "no", "off" -> false;
      default -> throw new IllegalArgumentException(s);
    }, "true or false", b -> true);
  }

  /** Durations as ISO-8601 ({@code PT30S}) or a number with unit ms, s, m or h ({@code 30s}). */
  public Duration duration(String key, Duration defaultValue) {
    return parse(key, defaultValue, Settings::parseDuration, "a positive duration such as 30s, 500ms or PT1M",
        d -> !d.isNegative() && !d.isZero());
  }

  /** Records a problem found by the caller's own checks (e.g. a pattern or a conflict). */
  public void reject(String key, String allowed) {
    Value v = values.get(key);
    problems.add(describe(key, v) + ": " + allowed);
  }

  /** Records a problem found elsewhere (e.g. in the file's shape) so validate() reports it with the rest. */
  public void report(String problem) {
    problems.add(problem);
  }

  /** Throws one {@link ConfigException} listing every problem seen by the getters so far. */
  public void validate() {
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
  }

  private <T> T parse(String key, T defaultValue, Function<String, T> parser, String allowed,
      java.util.function.Predicate<T> valid) {
    Value v = values.get(key);
    if (v == null || v.raw().isEmpty()) {
      return defaultValue;
    }
    try {
      T parsed = parser.apply(v.raw());
      if (valid.test(parsed)) {
        return parsed;
      }
    } catch (IllegalArgumentException | DateTimeParseException e) {
      // reported below
    }
    problems.add(describe(key, v) + ": must be " + allowed);
    return defaultValue;
  }

  private static String describe(String key, Value v) {
    return v == null
        ? "key '" + key + "'"
        : "key '" + key + "' = '" + (secret(key) ? "***" : v.raw()) + "' (from " + v.source() + ")";
  }

  /** Keys whose values never appear in a message: keys, codes, passwords. */
  public static boolean secret(String key) {
    String k = key.toLowerCase();
    return k.contains("api_keys") || k.contains("join.code") || k.contains("join_code") || k.contains("password")
        || k.contains("secret") || k.contains("sasl.jaas") || k.contains("user.info");
  }

  static Duration parseDuration(String s) {
    String t = s.trim().toLowerCase();
    if (t.startsWith("pt") || t.startsWith("p")) {
      return Duration.parse(s.trim().toUpperCase());
    }
    if (t.endsWith("ms")) {
      return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2).trim()));
    }
    long n = Long.parseLong(t.substring(0, t.length() - 1).trim());
    return switch (t.charAt(t.length() - 1)) {
      case 's' -> Duration.ofSeconds(n);
      case 'm' -> Duration.ofMinutes(n);
      case 'h' -> Duration.ofHours(n);
      default -> throw new IllegalArgumentException(s);
    };
  }
}
