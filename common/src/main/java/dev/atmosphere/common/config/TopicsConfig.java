package dev.atmosphere.common.config;

import dev.atmosphere.schemas.topics.Topics;

/**
 * Reads the topic layout keys shared by every deployable: {@code topics.prefix} (default atmosphere),
 * {@code topics.partitions} (3) and {@code topics.replication.factor} (1).
 */
public final class TopicsConfig {

  private TopicsConfig() {}

  public static Topics from(Settings settings) {
    return new Topics(
        settings.string("topics.prefix", "atmosphere"),
        settings.intIn("topics.partitions", 3, 1, 1000),
        (short) settings.intIn("topics.replication.factor", 1, 1, 32));
  }
}
