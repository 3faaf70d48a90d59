package dev.atmosphere.common.config;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The keys of every deployable, each under the deployable that reads it: what {@code ./atmosphere config keys} prints
 * and docs/configuration-keys.md shows, and what a settings file is checked against — a key nobody reads is almost
 * always a typo, and silently ignoring {@code router.comit.interval} would leave a user wondering why nothing changed.
 */
public final class KeyCatalogue {

  /** Keys under these prefixes are passed through to a library (Kafka clients), not declared one by one. */
  private static final List<String> PASSED_THROUGH = List.of("kafka.client.");

  private final Map<String, List<Key<?>>> byDeployable;

  private KeyCatalogue(Map<String, List<Key<?>>> byDeployable) {
    this.byDeployable = byDeployable;
  }

  /** @param holders deployable name → the class whose {@code public static final Key} fields are its keys */
  public static KeyCatalogue of(Map<String, Class<?>> holders) {
    Map<String, List<Key<?>>> keys = new LinkedHashMap<>();
    holders.forEach((name, holder) -> keys.put(name, declaredIn(holder)));
    return new KeyCatalogue(keys);
  }

  /** The {@code public static final Key} fields of {@code holder}, by name. */
  public static List<Key<?>> declaredIn(Class<?> holder) {
    List<Key<?>> keys = new ArrayList<>();
    for (Field f : holder.getFields()) {
      if (Modifier.isStatic(f.getModifiers()) && f.getType() == Key.class) {
        try {
          keys.add((Key<?>) f.get(null));
        } catch (IllegalAccessException e) {
          throw new IllegalStateException(f + " is not readable", e);
        }
      }
    }
    keys.sort(Comparator.comparing(Key::name));
    return keys;
  }

  public Map<String, List<Key<?>>> byDeployable() {
    return byDeployable;
  }

  public boolean knows(String name) {
    return PASSED_THROUGH.stream().anyMatch(name::startsWith)
        || byDeployable.values().stream().flatMap(Collection::stream).anyMatch(k -> k.name().equals(name));
  }

  /**
   * One line per configured key that no deployable reads: where it came from and the known key it most likely
   * meant, e.g. {@code key 'router.comit.interval' (from a.properties) is not a key any part of Atmosphere reads;
   * did you mean router.commit.interval?}. Only keys whose source passes {@code judged} are looked at.
   */
  public List<String> unknown(Settings s, java.util.function.Predicate<String> judged) {
    List<String> problems = new ArrayList<>();
    for (String name : new java.util.TreeSet<>(s.keys())) {
      if (!knows(name) && s.raw(name).map(v -> judged.test(v.source())).orElse(false)) {
        String from = s.raw(name).map(v -> " (from " + v.source() + ")").orElse("");
        problems.add("key '" + name + "'" + from + " is not a key any part of Atmosphere reads"
            + nearest(name).map(k -> "; did you mean " + k + "?").orElse(""));
      }
    }
    return problems;
  }

  private java.util.Optional<String> nearest(String name) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (List<Key<?>> keys : byDeployable.values()) {
      for (Key<?> k : keys) {
        int d = distance(name, k.name());
        if (d < bestDistance) {
          bestDistance = d;
          best = k.name();
        }
      }
    }
    return bestDistance <= Math.max(2, name.length() / 4) ? java.util.Optional.of(best) : java.util.Optional.empty();
  }

  /** Levenshtein distance. */
  static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }

  /** The catalogue as a Markdown table per deployable (docs/configuration-keys.md is this, kept in step by a test). */
  public String markdown() {
    StringBuilder out = new StringBuilder();
    byDeployable.forEach((deployable, keys) -> {
      out.append("\n## ").append(deployable).append("\n\n| key | default | allowed | what it does |\n|---|---|---|---|\n");
      for (Key<?> k : keys) {
        String shown = k.defaultText().replace("|", "\\|");
        out.append("| `").append(k.name()).append("` | ").append(shown.isEmpty() ? "—" // computed: in words
            : k.fallback() == null ? shown : "`" + shown + "`").append(" | ").append(k.allowed().replace("|", "\\|"))
            .append(" | ").append(k.doc().replace("|", "\\|")).append(" |\n");
      }
    });
    return out.toString();
  }
}
