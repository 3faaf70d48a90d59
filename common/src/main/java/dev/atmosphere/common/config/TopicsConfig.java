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
        settings.get(CommonKeys.TOPICS_PREFIX),
        settings.get(CommonKeys.TOPICS_PARTITIONS),
        settings.get(CommonKeys.TOPICS_REPLICATION).shortValue());
  }
}
