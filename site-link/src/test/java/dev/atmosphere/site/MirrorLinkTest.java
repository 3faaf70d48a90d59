package dev.atmosphere.site;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atmosphere.schemas.topics.Topics;
import java.util.Arrays;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** What crosses a link, read from the MirrorMaker 2 configuration it runs with. */
class MirrorLinkTest {

  private final Topics topics = Topics.defaults();
  private final Map<String, String> props = MirrorLink.properties(topics, "a", "a:9092", "b", "b:9092", 5, (short) 1);

  private boolean crosses(String flow, String topic) {
    return Arrays.stream(props.get(flow + ".topics").split(",")).anyMatch(r -> Pattern.matches(r, topic));
  }

  @Test
  void shouldCopyAnnouncementsHeartbeatsSiteInfoAndTheOutboxTowardsTheOtherSiteOnly() {
    assertThat(crosses("a->b", topics.capabilities())).isTrue();
    assertThat(crosses("a->b", topics.nodeStatus())).isTrue();
    assertThat(crosses("a->b", topics.sites().info())).isTrue();
    assertThat(crosses("a->b", topics.sites().outbox("b", "work"))).isTrue();
    assertThat(crosses("a->b", topics.sites().outbox("b", "attempts"))).isTrue();
    assertThat(crosses("b->a", topics.sites().outbox("a", "chunks"))).isTrue();
  }

  @Test
  void shouldNeverCopyIntentsResultsOrAnotherSitesOutbox() {
    for (String topic : new String[] {topics.intents(), topics.results(), topics.attempts(), topics.routes(),
        topics.cache(), topics.work("node-1"), topics.verifiedCapabilities(), topics.sites().outbox("a", "work"),
        topics.sites().outbox("c", "work"), "b." + topics.capabilities()}) {
      assertThat(crosses("a->b", topic)).as(topic).isFalse();
    }
  }

  @Test
  void shouldCopyOnlyCommittedRecords() {
    assertThat(props).containsEntry("a.consumer.isolation.level", "read_committed")
        .containsEntry("b.consumer.isolation.level", "read_committed");
  }
}
