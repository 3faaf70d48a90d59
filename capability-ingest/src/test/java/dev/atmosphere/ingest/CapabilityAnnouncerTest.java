package dev.atmosphere.ingest;

import static dev.atmosphere.schemas.fixtures.Fixtures.capability;
import static org.assertj.core.api.Assertions.assertThat;

import dev.atmosphere.backends.CapabilitySource;
import dev.atmosphere.common.identity.NodeIdentity;
import dev.atmosphere.common.testing.MutableClock;
import dev.atmosphere.schemas.CapabilityAnnouncement;
import dev.atmosphere.schemas.CapabilityType;
import dev.atmosphere.schemas.sign.Signatures;
import dev.atmosphere.schemas.topics.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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
  private final NodeIdentity identity = NodeIdentity.ephemeral("n1", Optional.empty());
  private final String node = identity.nodeId();
  private final CapabilityAnnouncer announcer = new CapabilityAnnouncer(node, Topics.defaults(), List.of(source),
      producer, identity, clock, Duration.ofSeconds(30), 3);

  private CapabilityAnnouncement cap(String id, String description) {
    return capability(node, id, CapabilityType.LLM, id, description).setSequence(0).build();
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
    assertThat(sent).extracting(ProducerRecord::key)
        .containsExactly(node + "|a", node + "|b", node + "|b", node + "|a", node + "|b");
    assertThat(sent).extracting(r -> r.value().getSequence()).isSorted().doesNotHaveDuplicates();
    assertThat(sent).allSatisfy(r -> assertThat(Signatures.verify(identity.publicKey(),
        Signatures.canonicalSpecific(r.value()), Signatures.bytes(r.value().getSignature()))).isTrue());
  }

  @Test
  void shouldTombstoneACapabilityWhenItDisappears() {
    offered.add(cap("a", "first"));
    announcer.poll();
    offered.clear();

    assertThat(announcer.poll().tombstoned()).isEqualTo(1);

    List<ProducerRecord<String, CapabilityAnnouncement>> sent = producer.history();
    ProducerRecord<String, CapabilityAnnouncement> withdrawal = sent.get(sent.size() - 2);
    ProducerRecord<String, CapabilityAnnouncement> tombstone = sent.get(sent.size() - 1);
    assertThat(withdrawal.key()).isEqualTo(node + "|a");
    assertThat(withdrawal.value().getWithdrawn()).isTrue();
    assertThat(withdrawal.value().getSignature()).isNotNull();
    assertThat(tombstone.key()).isEqualTo(node + "|a");
    assertThat(tombstone.value()).isNull();
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
