package dev.atmosphere.site;

import static dev.atmosphere.common.config.Key.computed;
import static dev.atmosphere.common.config.Key.duration;
import static dev.atmosphere.common.config.Key.text;

import dev.atmosphere.common.config.Key;
import java.time.Duration;

/** The keys of the link between this site and another (MirrorMaker 2 both ways); {@code site.name} is common. */
public final class SiteLinkKeys {

  public static final Key<String> BOOTSTRAP = text("site.link.bootstrap", null,
      "Link with the site whose Kafka is here (host:port[,host:port]), run by this process.");
  public static final Key<String> STATE_DIR = computed("site.link.state.dir", "<data.dir>/state/site-link",
      "The link's state stores.");
  public static final Key<Duration> REFRESH = duration("site.link.refresh", Duration.ofSeconds(5),
      "How often MirrorMaker 2 looks for new topics and groups.");
  public static final Key<Duration> DEDUP_RETENTION = duration("site.link.dedup.retention", Duration.ofHours(1),
      "How long a unit that came over the link is remembered (a repeat is dropped).");

  private SiteLinkKeys() {}
}
