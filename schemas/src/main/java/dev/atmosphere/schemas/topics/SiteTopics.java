package dev.atmosphere.schemas.topics;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The topics a multi-site mesh adds to a site's catalogue: where another site's announcements arrive, this site's
 * name and registry for the other site to read, and the outboxes — the only topics with intent text that MirrorMaker 2
 * copies to another site. Obtained from {@link Topics#sites()}.
 */
public final class SiteTopics {

  /** Site names become topic names and MirrorMaker 2 aliases (whose separator is a dot), so no dots. */
  public static final Pattern SITE = Pattern.compile("[a-z0-9][a-z0-9_-]{0,39}");

  private final String prefix;
  private final int partitions;
  private final Map<String, String> stream;
  private final Map<String, String> compacted;

  SiteTopics(String prefix, int partitions, Map<String, String> stream, Map<String, String> compacted) {
    this.prefix = prefix;
    this.partitions = partitions;
    this.stream = stream;
    this.compacted = compacted;
  }

  public static String requireSite(String site) {
    if (site == null || !SITE.matcher(site).matches()) {
      throw new IllegalArgumentException("site '" + site + "' must be 1-40 characters of a-z 0-9 _ - (no dots)");
    }
    return site;
  }

  /** This site's name and registry address, as plain strings (read by the other site before it knows any schema). */
  public String info() {
    return prefix + ".site.info";
  }

  /** Announcements of another site's nodes, brought in by the site link (the router verifies them like its own). */
  public String remoteCapabilities() {
    return prefix + ".capabilities.remote";
  }

  /** Heartbeats of another site's nodes, brought in by the site link. */
  public String remoteNodeStatus() {
    return prefix + ".node-status.remote";
  }

  /**
   * What this site sends to {@code site} ({@code <prefix>.outbox-<site>.<kind>}): {@code work} (units for its nodes),
   * {@code attempts} and {@code chunks} (answers to units it sent).
   */
  public String outbox(String site, String kind) {
    if (!List.of("work", "attempts", "chunks").contains(kind)) {
      throw new IllegalArgumentException("no site outbox of kind " + kind);
    }
    // one segment for the site: MirrorMaker 2 reads every dotted segment as a possible cluster alias, and a bare "a"
    // segment would make site a's outbox look like a copy of a's own topic (a cycle it refuses to replicate)
    return prefix + ".outbox-" + requireSite(site) + "." + kind;
  }

  /** Made with the shared topics on every site (empty until a link fills them). */
  List<TopicSpec> shared() {
    return List.of(
        new TopicSpec(remoteCapabilities(), 1, compacted, "nodeId|capabilityId",
            "CapabilityAnnouncement (another site's)"),
        new TopicSpec(remoteNodeStatus(), 1, compacted, "nodeId", "NodeStatus (another site's)"),
        new TopicSpec(info(), 1, compacted, "site | registry", "plain UTF-8 string"));
  }

  /** The outboxes towards another site (made by the site link when it starts). */
  public List<TopicSpec> outboxSpecs(String site) {
    return List.of(new TopicSpec(outbox(site, "work"), partitions, stream, "intentId", "WorkUnit"),
        new TopicSpec(outbox(site, "attempts"), partitions, stream, "intentId", "WorkResult (one attempt)"),
        new TopicSpec(outbox(site, "chunks"), partitions, Map.of("cleanup.policy", "delete", "retention.ms",
            "3600000"), "intentId", "ResultChunk"));
  }
}
