package dev.atmosphere.common.config;

import java.time.Duration;
import java.util.Optional;

/**
 * One configuration key as code: its name, what it accepts, its default and what it does. Every deployable reads its
 * settings through the keys of its own catalogue ({@code RouterKeys}, {@code ExecutorKeys}, …: {@code s.get(KEY)}),
 * so a key is spelled once, two readers cannot disagree on its default, {@code ./atmosphere config keys} prints them
 * all from the code, and a misspelt key in a file is named with the key it was probably meant to be
 * ({@link KeyCatalogue#unknown}).
 *
 * @param defaultText the default as people read it ("" when there is none; for a default computed where the key is
 *     read, what it is computed from)
 */
public record Key<T>(String name, String allowed, String defaultText, String doc, Reader<T> reader, T fallback) {

  /** How a key's value is read from settings (collecting a problem when it is not allowed). */
  @FunctionalInterface
  public interface Reader<T> {
    T read(Settings s, String name, T defaultValue);
  }

  public static Key<Integer> integer(String name, int defaultValue, int min, int max, String doc) {
    return new Key<>(name, "an integer from " + min + " to " + max, Integer.toString(defaultValue), doc,
        (s, n, d) -> s.intIn(n, d, min, max), defaultValue);
  }

  public static Key<Double> number(String name, double defaultValue, double min, double max, String doc) {
    return new Key<>(name, "a number from " + min + " to " + max, Double.toString(defaultValue), doc,
        (s, n, d) -> s.doubleIn(n, d, min, max), defaultValue);
  }

  public static Key<Boolean> flag(String name, boolean defaultValue, String doc) {
    return new Key<>(name, "true or false", Boolean.toString(defaultValue), doc, Settings::bool, defaultValue);
  }

  public static Key<Duration> duration(String name, Duration defaultValue, String doc) {
    return new Key<>(name, "a duration (30s, 500ms, 2m, PT1H)", durationText(defaultValue), doc, Settings::duration,
        defaultValue);
  }

  /** A string key; {@code defaultValue} null: unset unless configured ({@link #optional}). */
  public static Key<String> text(String name, String defaultValue, String doc) {
    return new Key<>(name, "a string", defaultValue == null ? "" : defaultValue, doc, Settings::string,
        defaultValue);
  }

  /** A string key whose default is computed where it is read, described by {@code defaultText}. */
  public static Key<String> computed(String name, String defaultText, String doc) {
    return new Key<>(name, "a string", defaultText, doc, Settings::string, null);
  }

  /** A comma-separated list (blank entries dropped); empty unless configured. */
  public static Key<java.util.List<String>> list(String name, String doc) {
    return new Key<>(name, "a comma-separated list", "", doc, (s, n, d) -> s.optional(n)
        .map(v -> java.util.Arrays.stream(v.split(",")).map(String::trim).filter(x -> !x.isEmpty()).toList())
        .orElse(d), java.util.List.of());
  }

  /** One of {@code values} (the first is the default). */
  public static Key<String> oneOf(String name, String doc, String... values) {
    java.util.List<String> allowed = java.util.List.of(values);
    return new Key<>(name, "one of " + String.join(", ", values), values[0], doc, (s, n, d) -> {
      String v = s.string(n, d);
      if (!allowed.contains(v.toLowerCase(java.util.Locale.ROOT))) {
        s.reject(n, "must be one of " + String.join(", ", values));
        return d;
      }
      return v.toLowerCase(java.util.Locale.ROOT);
    }, values[0]);
  }

  /** The value, or the key's default. */
  T from(Settings s) {
    return reader.read(s, name, fallback);
  }

  /** The value, or {@code computedDefault} (for keys whose default depends on other settings). */
  T from(Settings s, T computedDefault) {
    return reader.read(s, name, computedDefault);
  }

  /** The value when configured and allowed (blank counts as not configured). */
  Optional<T> optional(Settings s) {
    return s.optional(name).isEmpty() ? Optional.empty() : Optional.ofNullable(reader.read(s, name, fallback));
  }

  private static String durationText(Duration d) {
    if (d.toMillis() % 3_600_000 == 0) {
      return d.toHours() + "h";
    } else if (d.toMillis() % 60_000 == 0) {
      return d.toMinutes() + "m";
    }
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
  }
}
