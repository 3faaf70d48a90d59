package dev.atmosphere.ingest;

import static dev.atmosphere.schemas.fixtures.Fixtures.capability;
import static org.assertj.core.api.Assertions.assertThat;

import dev.atmosphere.common.testing.MutableClock;
import dev.atmosphere.ingest.discovery.CapabilitySource;
import dev.atmosphere.schemas.CapabilityAnnouncement;
import dev.atmosphere.schemas.CapabilityType;
import dev.atmosphere.schemas.topics.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serializer;
import org.junit.jupiter.api.Test;

class CapabilityAnnouncerTest {

  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-24T10:00:00Z"));
  private final MockProducer<String, CapabilityAnnouncement> producer =
      new MockProducer<>(true, null, (Serializer<String>) (t, s) -> s.getBytes(), (t, c) -> new byte[0]);
  private final List<CapabilityAnnouncement> offered = new ArrayList<>();
  private RuntimeException failure;
  private final CapabilitySource source = new CapabilitySource() {
    @Override
    public String name() {
      return "fake";
    }

    @Override
    public List<CapabilityAnnouncement> discover() {
      if (failure != null) {
        throw failure;
      }
      return List.copyOf(offered);
    }
  };
  private final CapabilityAnnouncer announcer = new CapabilityAnnouncer("n1", Topics.defaults(), List.of(source),
      producer, clock, Duration.ofSeconds(30), 3);

  private static CapabilityAnnouncement cap(String id, String description) {
    return capability("n1", id, CapabilityType.LLM, id, description).setSequence(0).build();
  }

  @Test
  void shouldAnnounceOnStartAndOnlyChangesUntilTheRefreshIsDue() {
    offered.add(cap("a", "first"));
    offered.add(cap("b", "second"));
    assertThat(announcer.poll().announced()).isEqualTo(2);

    clock.advance(Duration.ofSeconds(10));
    assertThat(announcer.poll().announced()).isZero();

    offered.set(1, cap("b", "second, changed"));
    clock.advance(Duration.ofSeconds(10));
    assertThat(announcer.poll().announced()).isEqualTo(1);

    clock.advance(Duration.ofSeconds(15));
    assertThat(announcer.poll().announced()).isEqualTo(2);

    List<ProducerRecord<String, CapabilityAnnouncement>> sent = producer.history();
    assertThat(sent).extracting(ProducerRecord::key).containsExactly("n1|a", "n1|b", "n1|b", "n1|a", "n1|b");
    assertThat(sent).extracting(r -> r.value().getSequence()).isSorted().doesNotHaveDuplicates();
  }

  @Test
  void shouldTombstoneACapabilityWhenItDisappears() {
    offered.add(cap("a", "first"));
    announcer.poll();
    offered.clear();

    assertThat(announcer.poll().tombstoned()).isEqualTo(1);

    ProducerRecord<String, CapabilityAnnouncement> last = producer.history().get(producer.history().size() - 1);
    assertThat(last.key()).isEqualTo("n1|a");
    assertThat(last.value()).isNull();
  }

  @Test
  void shouldKeepLastKnownCapabilitiesUntilTheSourceFailsThreeRoundsInARow() {
    offered.add(cap("a", "first"));
    announcer.poll();
    failure = new IllegalStateException("health check hung");

    assertThat(announcer.poll().tombstoned()).isZero();
    assertThat(announcer.poll().tombstoned()).isZero();
    assertThat(announcer.poll().tombstoned()).isEqualTo(1);
  }
}
