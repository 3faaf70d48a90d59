package dev.atmosphere.executor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** Out-of-order completion turned into Kafka commits, and read back by the partition's next owner. */
class OffsetLedgerTest {

  private final TopicPartition tp = new TopicPartition("work", 0);

  @Test
  void shouldCommitUpToTheFirstUnfinishedUnitAndListTheFinishedOnesAfterItAsRanges() {
    OffsetLedger ledger = new OffsetLedger();
    for (long o = 10; o <= 16; o++) {
      ledger.started(tp, o);
    }
    List.of(10L, 12L, 13L, 14L, 16L).forEach(o -> ledger.finished(tp, o));

    assertThat(ledger.commitPoints()).containsEntry(tp, new OffsetAndMetadata(11, "atmosphere-done:1-3,5"));
    assertThat(ledger.unfinished()).isEqualTo(2);
  }

  @Test
  void shouldCommitPastEverythingOnceAllIsFinishedAndForgetWhatWasCommitted() {
    OffsetLedger ledger = new OffsetLedger();
    ledger.started(tp, 3);
    ledger.started(tp, 4);
    ledger.finished(tp, 4);
    ledger.committed(ledger.commitPoints());
    ledger.finished(tp, 3);

    var points = ledger.commitPoints();
    ledger.committed(points);

    assertThat(points).containsEntry(tp, new OffsetAndMetadata(5, ""));
    assertThat(ledger.commitPoints()).as("nothing new to commit").isEmpty();
  }

  @Test
  void shouldSkipExactlyTheUnitsThePreviousOwnerListedAsDone() {
    OffsetLedger ledger = new OffsetLedger();
    ledger.restore(tp, new OffsetAndMetadata(20, "atmosphere-done:1-2,4"));

    assertThat(List.of(20L, 21L, 22L, 23L, 24L, 25L)).filteredOn(o -> ledger.alreadyDone(tp, o))
        .containsExactly(21L, 22L, 24L);
    assertThat(ledger.alreadyDone(tp, 21)).as("skipped once").isFalse();
  }

  @Test
  void shouldRoundTripAnyDoneSetAndIgnoreMetadataThatIsNotOurs() {
    TreeSet<Long> done = new TreeSet<>(List.of(101L, 102L, 103L, 150L, 152L, 153L));

    assertThat(OffsetLedger.decode(100, OffsetLedger.encode(100, done))).containsExactlyInAnyOrderElementsOf(done);
    assertThat(OffsetLedger.decode(100, "atmosphere-done:x-1")).isEmpty();
    assertThat(OffsetLedger.decode(100, "someone else's note")).isEmpty();
    assertThat(OffsetLedger.decode(100, null)).isEmpty();
  }
}
