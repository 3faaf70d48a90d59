package dev.atmosphere.site;

import dev.atmosphere.schemas.topics.Topics;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.kafka.connect.mirror.MirrorMaker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * MirrorMaker 2, in-process, between two sites in both directions: Kafka's own replication engine (source,
 * heartbeat and checkpoint connectors on Connect herders whose state lives in each target cluster), not a replicator
 * of ours. Only what must cross is copied — each side's raw signed announcements and heartbeats, its site info, and
 * its outbox towards the other site — under the default replication policy, so a copy is named after where it came
 * from ({@code a.atmosphere.capabilities} on b) and the hop count is read from the name. Intents, routes, results and
 * every other topic stay on their site.
 */
public final class MirrorLink implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(MirrorLink.class);

  private final MirrorMaker mirrorMaker;

  public MirrorLink(Map<String, String> properties) {
    this.mirrorMaker = new MirrorMaker(properties, null);
  }

  /** The MirrorMaker 2 configuration for sites {@code a} and {@code b}, each at its bootstrap servers. */
  public static Map<String, String> properties(Topics topics, String a, String aBootstrap, String b,
      String bBootstrap, int refreshSeconds, short replicationFactor) {
    Map<String, String> p = new HashMap<>();
    p.put("clusters", a + ", " + b);
    p.put(a + ".bootstrap.servers", aBootstrap);
    p.put(b + ".bootstrap.servers", bBootstrap);
    p.put(a + "->" + b + ".enabled", "true");
    p.put(a + "->" + b + ".topics", crossing(topics, b));
    p.put(b + "->" + a + ".enabled", "true");
    p.put(b + "->" + a + ".topics", crossing(topics, a));
    p.put("groups", "^$"); // consumer groups do not cross: each site has its own routers and nodes
    p.put("sync.topic.acls.enabled", "false");
    p.put("sync.group.offsets.enabled", "false");
    p.put("refresh.topics.interval.seconds", Integer.toString(refreshSeconds));
    p.put("refresh.groups.enabled", "false");
    p.put("offset.flush.interval.ms", "1000"); // a restarted link re-sends at most about a second of records
    for (String cluster : List.of(a, b)) {
      // only committed records cross: a router's aborted transaction must not reach the other site
      p.put(cluster + ".consumer.isolation.level", "read_committed");
      p.put(cluster + ".producer.linger.ms", "0");
    }
    p.put("consumer.isolation.level", "read_committed");
    String rf = Short.toString(replicationFactor);
    for (String key : List.of("replication.factor", "checkpoints.topic.replication.factor",
        "heartbeats.topic.replication.factor", "offset-syncs.topic.replication.factor",
        "config.storage.replication.factor", "offset.storage.replication.factor", "status.storage.replication.factor")) {
      p.put(key, rf);
    }
    return p;
  }

  /** The topics of one site that are copied to {@code target}: MirrorMaker 2 takes a list of regular expressions. */
  static String crossing(Topics topics, String target) {
    return String.join(",", Pattern.quote(topics.capabilities()), Pattern.quote(topics.nodeStatus()),
        Pattern.quote(topics.sites().info()), Pattern.quote(topics.sites().outbox(target, "work")),
        Pattern.quote(topics.sites().outbox(target, "attempts")), Pattern.quote(topics.sites().outbox(target, "chunks")));
  }

  public MirrorLink start() {
    mirrorMaker.start();
    log.info("MirrorMaker 2 started");
    return this;
  }

  @Override
  public void close() {
    mirrorMaker.stop();
    mirrorMaker.awaitStop();
  }
}
