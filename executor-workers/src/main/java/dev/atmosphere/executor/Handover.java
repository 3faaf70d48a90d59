package dev.atmosphere.executor;

import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;

/**
 * What the executor's loop does when its work partition changes hands. Before giving one up, the units in flight
 * finish and are committed (the poll interval is sized for a full node's worth of them), unless the loop is closing —
 * then they are left uncommitted and run again by the next owner. A partition it gets starts from what its previous
 * owner committed, skipping the units that owner listed as finished ({@link OffsetLedger}).
 */
final class Handover implements ConsumerRebalanceListener {

  private final OffsetLedger ledger;
  private final Runnable commitFinished;
  private final BooleanSupplier closing;
  private final BooleanSupplier awaitFinished;
  private final Function<Set<TopicPartition>, Map<TopicPartition, OffsetAndMetadata>> committed;

  Handover(OffsetLedger ledger, Runnable commitFinished, BooleanSupplier closing, BooleanSupplier awaitFinished,
      Function<Set<TopicPartition>, Map<TopicPartition, OffsetAndMetadata>> committed) {
    this.ledger = ledger;
    this.commitFinished = commitFinished;
    this.closing = closing;
    this.awaitFinished = awaitFinished;
    this.committed = committed;
  }

  @Override
  public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
    while (!closing.getAsBoolean() && ledger.unfinished(partitions) > 0 && !Thread.currentThread().isInterrupted()) {
      if (awaitFinished.getAsBoolean()) {
        commitFinished.run();
      }
    }
    if (!closing.getAsBoolean()) {
      commitFinished.run();
    }
    ledger.forget(partitions);
  }

  @Override
  public void onPartitionsLost(Collection<TopicPartition> partitions) {
    ledger.forget(partitions); // another owner has them already: what ran here is not committed and runs there
  }

  @Override
  public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
    Map<TopicPartition, OffsetAndMetadata> last = null;
    for (int tries = 0; last == null; tries++) {
      try {
        last = committed.apply(new HashSet<>(partitions));
      } catch (WakeupException e) { // a unit finished meanwhile; ask again
        if (tries == 100) {
          throw e;
        }
      }
    }
    for (TopicPartition tp : partitions) {
      ledger.restore(tp, last.get(tp));
    }
  }
}
