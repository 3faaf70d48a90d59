package dev.atmosphere.site;

import dev.atmosphere.common.kafka.StreamsDefaults;
import dev.atmosphere.schemas.serde.AvroSerdes;
import dev.atmosphere.schemas.topics.TopicProvisioner;
import dev.atmosphere.schemas.topics.TopicSpec;
import dev.atmosphere.schemas.topics.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a link between this site and another: waits for the other site's cluster to say who it is (its site info),
 * makes the outboxes and mirrored topics on both clusters, starts MirrorMaker 2 in both directions and the inbound
 * end ({@link InboundTopology}) on each cluster. One process runs the whole link; stopping it is a link cut — both
 * sites keep serving with their own capabilities, and the other site's expire by heartbeat. Started in the
 * background, so a site comes up (and serves) while the other one is still unreachable.
 */
public final class SiteLinkService implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(SiteLinkService.class);

  private final SiteLinkConfig config;
  private final dev.atmosphere.common.lifecycle.Started started = new dev.atmosphere.common.lifecycle.Started();
  private final Thread starter;
  private volatile boolean closing;
  private volatile SiteInfo other;

  public SiteLinkService(SiteLinkConfig config) {
    this.config = config;
    this.starter = new Thread(this::connect, "site-link-" + config.site());
    starter.setDaemon(true);
  }

  /**
   * What a site's launcher starts: nothing without {@code site.name}; with it, this site's info for the other site to
   * read; with {@code site.link.bootstrap} as well, the link itself (in the background: this site serves while the
   * other is away).
   */
  public static Optional<SiteLinkService> forSite(dev.atmosphere.common.config.Settings settings,
      dev.atmosphere.common.kafka.KafkaConnection connection, Topics topics) {
    if (settings.optional(dev.atmosphere.common.config.CommonKeys.SITE_NAME).isEmpty()) {
      return Optional.empty();
    }
    if (settings.optional(SiteLinkKeys.BOOTSTRAP).isEmpty()) {
      SiteInfo.publish(connection.clientProps(), topics, new SiteInfo(SiteLinkConfig.validSite(settings),
          connection.registryUrl()));
      return Optional.empty();
    }
    return Optional.of(new SiteLinkService(SiteLinkConfig.from(settings)).start());
  }

  public SiteLinkService start() {
    SiteInfo.publish(config.local().clientProps(), config.topics(), new SiteInfo(config.site(),
        config.local().registryUrl()));
    starter.start();
    return this;
  }

  /** The other site, once its cluster answered. */
  public Optional<SiteInfo> other() {
    return Optional.ofNullable(other);
  }

  private void connect() {
    Properties remoteProps = new Properties();
    remoteProps.put("bootstrap.servers", config.remoteBootstrap());
    while (!closing) {
      Optional<SiteInfo> info = SiteInfo.read(remoteProps, config.topics(), Duration.ofSeconds(5));
      if (info.isPresent() && !info.get().site().equals(config.site())) {
        other = info.get();
        break;
      }
      log.info("waiting for the site at {} to come up and publish its site info", config.remoteBootstrap());
      pause();
    }
    if (closing) {
      return;
    }
    try {
      link(other, remoteProps);
    } catch (RuntimeException e) {
      log.error("the link to site {} failed to start", other.site(), e);
    }
  }

  private synchronized void link(SiteInfo remote, Properties remoteProps) {
    if (closing) {
      return;
    }
    Topics topics = config.topics();
    String here = config.site();
    provision(config.local().clientProps(), mirroredSpecs(topics, here, remote.site()));
    provision(remoteProps, mirroredSpecs(topics, remote.site(), here));
    started.push(new MirrorLink(MirrorLink.properties(topics, here, config.local().bootstrapServers(),
        remote.site(), config.remoteBootstrap(), (int) Math.max(1, config.refresh().toSeconds()),
        topics.replicationFactor())).start());
    AvroSerdes localSerdes = config.local().serdes();
    AvroSerdes remoteSerdes = AvroSerdes.forUrl(remote.registryUrl());
    started.push(inbound(config.local().clientProps(), here, remote.site(), localSerdes, remoteSerdes));
    started.push(inbound(remoteProps, remote.site(), here, remoteSerdes, localSerdes));
    log.info("site {} linked with site {} at {} (MirrorMaker 2 both ways)", here, remote.site(),
        config.remoteBootstrap());
  }

  /** On the cluster of {@code site}: its outbox towards {@code other}, and the topics mirrored from {@code other}. */
  static List<TopicSpec> mirroredSpecs(Topics topics, String site, String other) {
    List<TopicSpec> specs = new ArrayList<>(topics.sites().outboxSpecs(other));
    for (TopicSpec s : topics.shared()) {
      if (s.name().equals(topics.capabilities()) || s.name().equals(topics.nodeStatus())
          || s.name().equals(topics.sites().info())) {
        specs.add(new TopicSpec(other + "." + s.name(), s.partitions(), s.configs(), s.key(), s.value()));
      }
    }
    for (TopicSpec s : topics.sites().outboxSpecs(site)) {
      specs.add(new TopicSpec(other + "." + s.name(), s.partitions(), s.configs(), s.key(), s.value()));
    }
    return specs;
  }

  private void provision(Properties props, List<TopicSpec> specs) {
    try (Admin admin = Admin.create(props)) {
      List<TopicSpec> all = new ArrayList<>(config.topics().shared());
      all.addAll(specs);
      new TopicProvisioner(admin, config.topics(), Duration.ofSeconds(60)).ensure(all);
    }
  }

  private KafkaStreams inbound(Properties clusterProps, String site, String other, AvroSerdes local,
      AvroSerdes remote) {
    dev.atmosphere.common.kafka.KafkaConnection connection = new dev.atmosphere.common.kafka.KafkaConnection(
        clusterProps.getProperty("bootstrap.servers"), "http://unused", config.local().clientProperties());
    Properties p = StreamsDefaults.of(connection, "atmosphere-site-link-" + site + "-from-" + other,
        config.stateDir().resolve(site + "-from-" + other), config.topics().routerDlq(),
        config.topics().replicationFactor());
    p.put("commit.interval.ms", "20");
    KafkaStreams streams = new KafkaStreams(InboundTopology.build(config.topics(), site, other, local, remote,
        config.dedupRetention()), p);
    streams.setUncaughtExceptionHandler(e -> {
      log.error("site link stream thread ({} from {}) died; replacing it", site, other, e);
      return StreamThreadExceptionResponse.REPLACE_THREAD;
    });
    streams.start();
    return streams;
  }

  private void pause() {
    try {
      Thread.sleep(2000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      closing = true;
    }
  }

  @Override
  public void close() {
    closing = true;
    starter.interrupt();
    synchronized (this) {
      started.close();
    }
  }
}
