package dev.atmosphere.schemas.topics;

import java.util.Map;

/**
 * How one topic of the mesh is laid out: name, partitions, and the configs that make it behave (compaction
 * for the tables, retention for the streams). Kept as data so the launcher, the tests and the README agree.
 */
public record TopicSpec(String name, int partitions, Map<String, String> configs, String key, String value) {

  public TopicSpec {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("topic name must not be blank");
    }
    if (partitions < 1) {
      throw new IllegalArgumentException("topic " + name + ": partitions must be >= 1, was " + partitions);
    }
    configs = Map.copyOf(configs);
  }

  public boolean compacted() {
    return "compact".equals(configs.get("cleanup.policy"));
  }
}
