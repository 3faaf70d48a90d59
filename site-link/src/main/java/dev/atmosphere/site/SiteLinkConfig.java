package dev.atmosphere.site;

import dev.atmosphere.common.config.CommonKeys;
import dev.atmosphere.common.config.Settings;
import dev.atmosphere.common.config.TopicsConfig;
import dev.atmosphere.common.kafka.KafkaConnection;
import dev.atmosphere.schemas.topics.Topics;
import java.nio.file.Path;
import java.time.Duration;

/**
 * What the site link needs, validated at start. Keys: {@code site.name} (this site; a-z 0-9 _ -, no dots),
 * {@code site.link.bootstrap} (the other site's Kafka), {@code site.link.state.dir}, {@code site.link.refresh}
 * (how often MirrorMaker 2 looks for new topics, default 5 s), {@code site.link.dedup.retention} (how long a
 * work unit's id is remembered so one MirrorMaker 2 delivers twice runs once, default 1 h), plus this site's
 * Kafka connection and {@code topics.*}. The other site's name and registry are read from its cluster.
 */
public record SiteLinkConfig(
    String site,
    KafkaConnection local,
    String remoteBootstrap,
    Topics topics,
    Path stateDir,
    Duration refresh,
    Duration dedupRetention) {

  public static SiteLinkConfig from(Settings s) {
    String site = validSite(s);
    String remote = s.optional(SiteLinkKeys.BOOTSTRAP).map(String::strip).orElse("");
    if (!remote.matches("[A-Za-z0-9.\\-\\[\\]:]+(,[A-Za-z0-9.\\-\\[\\]:]+)*")) {
      s.reject(SiteLinkKeys.BOOTSTRAP.name(), "must be the other site's Kafka bootstrap servers, host:port[,host:port]");
    }
    SiteLinkConfig config = new SiteLinkConfig(site, KafkaConnection.from(s), remote, TopicsConfig.from(s),
        Path.of(s.get(SiteLinkKeys.STATE_DIR, ".atmosphere/state/site-link")),
        s.get(SiteLinkKeys.REFRESH),
        s.get(SiteLinkKeys.DEDUP_RETENTION));
    s.validate();
    return config;
  }

  /** {@code site.name}, checked: it becomes a MirrorMaker 2 alias and a part of topic names. */
  static String validSite(Settings s) {
    String site = s.optional(CommonKeys.SITE_NAME).map(String::strip).orElse("");
    if (!dev.atmosphere.schemas.topics.SiteTopics.SITE.matcher(site).matches()) {
      s.reject(CommonKeys.SITE_NAME.name(), "must be 1-40 characters of a-z 0-9 _ - (no dots: it becomes a MirrorMaker 2 alias)");
    }
    if (java.util.List.of(s.get(CommonKeys.TOPICS_PREFIX).split("\\.")).contains(site)) {
      s.reject(CommonKeys.SITE_NAME.name(), "must not be a part of the topic prefix (MirrorMaker 2 would take the mesh's own topics for "
          + "copies from that site)");
    }
    s.validate();
    return site;
  }
}
