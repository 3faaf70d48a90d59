package dev.atmosphere.executor;

import dev.atmosphere.common.kafka.DeadLetters;
import dev.atmosphere.schemas.serde.RegistryUnavailableException;
import dev.atmosphere.schemas.WorkResult;
import dev.atmosphere.schemas.WorkUnit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The poll loop of a node's executor, pipelined: it keeps polling while units run, so a short request is not held
 * behind a long one. Each unit runs on a pool of {@code max_concurrent} threads, at most
 * {@code max_concurrent + max_queue_depth} units at a time: units beyond that are REJECTED with the reason. As units
 * finish, their results and the consumed offsets are committed in one Kafka transaction — out of order through
 * {@link OffsetLedger} — so every work unit yields exactly one committed WorkResult even if the executor dies
 * mid-work (unfinished units are re-run, aborted results stay invisible to read_committed readers). Undecodable
 * records go to the DLQ before their offset is committed; a registry outage is a fault, read again, never dead-lettered.
 */
public final class WorkConsumer implements Runnable {

  private static final Logger log = LoggerFactory.getLogger(WorkConsumer.class);
  private static final int COMMIT_ATTEMPTS = 3;

  private final Consumer<String, byte[]> consumer;
  private final io.micrometer.core.instrument.MeterRegistry meters;
  private final Producer<String, WorkResult> producer;
  private final WorkDecoder decoder;
  private final WorkRunner runner;
  private final ChunkPublisher chunks;
  private final ExecutorService pool;
  private final String workTopic;
  private final java.util.function.Function<WorkUnit, String> attemptsTopic;
  private final Duration pollTimeout;
  private final int capacity;
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final AtomicInteger queued = new AtomicInteger();
  private final OffsetLedger ledger = new OffsetLedger();
  private final BlockingQueue<FinishedUnit> finished = new LinkedBlockingQueue<>();
  private final List<FinishedUnit> pending = new ArrayList<>();
  private int failedCommits;
  private volatile boolean closing;
  private final Handover handover = new Handover(ledger, this::commitFinished, () -> closing, this::awaitFinished,
      this::committed);

  /**
   * @param attemptsTopic where a unit's attempt goes (another site's outbox when the unit came from there)
   * @param meters where committed attempts are counted
   */
  public WorkConsumer(Consumer<String, byte[]> consumer, Producer<String, WorkResult> producer,
      Deserializer<WorkUnit> deserializer, DeadLetters deadLetters, WorkRunner runner, ChunkPublisher chunks,
      ExecutorService pool, String workTopic, java.util.function.Function<WorkUnit, String> attemptsTopic,
      Duration pollTimeout, int capacity, io.micrometer.core.instrument.MeterRegistry meters) {
    this.meters = meters;
    this.consumer = consumer;
    this.producer = producer;
    this.decoder = new WorkDecoder(deserializer, deadLetters);
    this.runner = runner;
    this.chunks = chunks;
    this.pool = pool;
    this.workTopic = workTopic;
    this.attemptsTopic = attemptsTopic;
    this.pollTimeout = pollTimeout;
    this.capacity = capacity;
  }

  /** Work units polled but not yet started. */
  public int queued() {
    return queued.get();
  }

  @Override
  public void run() {
    try { // a loop that dies anywhere, even fenced at its first step, closes its consumer and producer
      producer.initTransactions();
      consumer.subscribe(List.of(workTopic), handover);
      while (running.get()) {
        step(pollOnce());
      }
    } catch (WakeupException e) {
      if (running.get()) {
        throw e;
      }
    } finally {
      closing = true; // what is in flight is not waited for: uncommitted, it runs again wherever the partition goes
      consumer.close(org.apache.kafka.clients.consumer.CloseOptions.timeout(Duration.ofSeconds(5)));
      producer.close(Duration.ofSeconds(5));
    }
  }

  /** One poll; a unit that finishes wakes it up, so its result is committed at once, not at the poll's timeout. */
  private ConsumerRecords<String, byte[]> pollOnce() {
    try {
      return consumer.poll(pollTimeout);
    } catch (WakeupException e) {
      if (!running.get()) {
        throw e;
      }
      return ConsumerRecords.empty();
    }
  }

  /** Starts what was polled, then commits whatever has finished. */
  void step(ConsumerRecords<String, byte[]> records) {
    collectFinished(); // units that ended since the last step no longer count against the capacity
    for (TopicPartition tp : records.partitions()) {
      accept(tp, records.records(tp));
    }
    commitFinished();
  }

  private void accept(TopicPartition tp, List<ConsumerRecord<String, byte[]>> records) {
    for (ConsumerRecord<String, byte[]> record : records) {
      if (ledger.alreadyDone(tp, record.offset())) {
        continue; // finished and committed by this partition's previous owner
      }
      WorkUnit unit;
      try {
        unit = decoder.decode(record);
      } catch (RegistryUnavailableException e) {
        // a fault, not poison: this unit and the ones after it are read again on a later poll
        log.warn("schema registry unavailable while decoding work at {}-{}@{}; read again: {}",
            record.topic(), record.partition(), record.offset(), e.getMessage());
        consumer.seek(tp, record.offset());
        return;
      }
      ledger.started(tp, record.offset());
      if (unit == null) {
        ledger.finished(tp, record.offset()); // dead-lettered: its offset is committed, no result
      } else if (ledger.unfinished() > capacity) {
        pending.add(new FinishedUnit(tp, record.offset(), runner.reject(unit, "node queue is full: " + capacity
            + " units (max_concurrent_requests + max_queue_depth) already taken"), attemptsTopic.apply(unit)));
        ledger.finished(tp, record.offset());
      } else {
        start(tp, record.offset(), unit);
      }
    }
  }

  private void start(TopicPartition tp, long offset, WorkUnit unit) {
    queued.incrementAndGet();
    String topic = attemptsTopic.apply(unit);
    pool.submit(() -> {
      queued.decrementAndGet();
      finished.add(new FinishedUnit(tp, offset, runner.run(unit, chunks.sinkFor(unit)), topic));
      try {
        consumer.wakeup();
      } catch (RuntimeException e) {
        log.debug("no consumer to wake (the loop stopped): {}", e.toString());
      }
    });
  }

  private void collectFinished() {
    List<FinishedUnit> arrived = new ArrayList<>();
    finished.drainTo(arrived);
    for (FinishedUnit d : arrived) {
      if (ledger.finished(d.tp(), d.offset())) {
        pending.add(d);
      } // else its partition was handed over meanwhile: the new owner runs it, one committed attempt stays one
    }
  }

  /** Waits up to a second for a unit to finish; true when one did (it is then collected at the next commit). */
  private boolean awaitFinished() {
    try {
      FinishedUnit d = finished.poll(1, java.util.concurrent.TimeUnit.SECONDS);
      if (d != null) {
        finished.add(d);
      }
      return d != null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private Map<TopicPartition, OffsetAndMetadata> committed(java.util.Set<TopicPartition> partitions) {
    return consumer.committed(partitions);
  }

  /** Commits every finished result with the offsets it allows, in one transaction; nothing to do if none finished. */
  void commitFinished() {
    collectFinished();
    Map<TopicPartition, OffsetAndMetadata> points = ledger.commitPoints();
    if (points.isEmpty() && pending.isEmpty()) {
      return;
    }
    try {
      FinishedUnit.writeInOneTransaction(producer, pending, points, consumer.groupMetadata(), meters);
      ledger.committed(points);
      log.debug("committed {} results", pending.size());
      pending.clear();
      failedCommits = 0;
    } catch (org.apache.kafka.common.errors.ProducerFencedException e) {
      throw e; // another executor with our transactional id took over: stop
    } catch (KafkaException e) {
      producer.abortTransaction();
      if (++failedCommits >= COMMIT_ATTEMPTS) { // the loop is replaced: units not committed are read and run again
        throw new IllegalStateException("result transaction failed " + failedCommits + " times: " + e.getMessage(), e);
      }
      log.warn("result transaction failed ({}); aborted, committing again at the next step", e.getMessage());
    }
  }

  /** Reads what the previous owner of these partitions committed, so units it finished are not run again. */
  void assigned(Collection<TopicPartition> partitions) {
    handover.onPartitionsAssigned(partitions);
  }

  public void stop() {
    running.set(false);
    consumer.wakeup();
  }
}
