package dev.atmosphere.executor;

import dev.atmosphere.common.kafka.DeadLetters;
import dev.atmosphere.schemas.serde.RegistryUnavailableException;
import dev.atmosphere.schemas.WorkResult;
import dev.atmosphere.schemas.WorkUnit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The poll loop of a node's executor. Each polled batch runs on a pool of {@code max_concurrent} threads, at most
 * {@code max_concurrent + max_queue_depth} units at a time: units beyond that are REJECTED with the reason; the
 * batch's results and its consumed offsets are then committed in one Kafka transaction, so every work unit
 * yields exactly one committed WorkResult even if the executor dies mid-batch (the batch is re-run, the aborted
 * results stay invisible to read_committed readers). Undecodable records go to the DLQ before their offset is
 * committed.
 */
public final class WorkConsumer implements Runnable {

  private static final Logger log = LoggerFactory.getLogger(WorkConsumer.class);

  private final Consumer<String, byte[]> consumer;
  private final Producer<String, WorkResult> producer;
  private final Deserializer<WorkUnit> deserializer;
  private final DeadLetters deadLetters;
  private final WorkRunner runner;
  private final ChunkPublisher chunks;
  private final ExecutorService pool;
  private final String workTopic;
  private final java.util.function.Function<WorkUnit, String> attemptsTopic;
  private final Duration pollTimeout;
  private final int capacity;
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final AtomicInteger queued = new AtomicInteger();

  public WorkConsumer(Consumer<String, byte[]> consumer, Producer<String, WorkResult> producer,
      Deserializer<WorkUnit> deserializer, DeadLetters deadLetters, WorkRunner runner, ChunkPublisher chunks,
      ExecutorService pool, String workTopic, String resultsTopic, Duration pollTimeout, int capacity) {
    this(consumer, producer, deserializer, deadLetters, runner, chunks, pool, workTopic, u -> resultsTopic,
        pollTimeout, capacity);
  }

  /** @param attemptsTopic where a unit's attempt goes (another site's outbox when the unit came from there) */
  public WorkConsumer(Consumer<String, byte[]> consumer, Producer<String, WorkResult> producer,
      Deserializer<WorkUnit> deserializer, DeadLetters deadLetters, WorkRunner runner, ChunkPublisher chunks,
      ExecutorService pool, String workTopic, java.util.function.Function<WorkUnit, String> attemptsTopic,
      Duration pollTimeout, int capacity) {
    this.consumer = consumer;
    this.producer = producer;
    this.deserializer = deserializer;
    this.deadLetters = deadLetters;
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
      consumer.subscribe(List.of(workTopic));
      while (running.get()) {
        ConsumerRecords<String, byte[]> records = consumer.poll(pollTimeout);
        if (!records.isEmpty()) {
          processBatch(records);
        }
      }
    } catch (WakeupException e) {
      if (running.get()) {
        throw e;
      }
    } finally {
      consumer.close(org.apache.kafka.clients.consumer.CloseOptions.timeout(Duration.ofSeconds(5)));
      producer.close(Duration.ofSeconds(5));
    }
  }

  void processBatch(ConsumerRecords<String, byte[]> records) {
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    Map<TopicPartition, Long> firstOffsets = new HashMap<>();
    List<WorkUnit> units = new ArrayList<>();
    for (ConsumerRecord<String, byte[]> record : records) {
      TopicPartition tp = new TopicPartition(record.topic(), record.partition());
      firstOffsets.putIfAbsent(tp, record.offset());
      offsets.put(tp, new OffsetAndMetadata(record.offset() + 1));
      try {
        units.add(decode(record));
      } catch (RegistryUnavailableException e) {
        // a fault, not poison: nothing of the batch runs or is dead-lettered; it is read again on the next poll
        log.warn("schema registry unavailable while decoding work at {}-{}@{}; the batch is retried: {}",
            record.topic(), record.partition(), record.offset(), e.getMessage());
        firstOffsets.forEach(consumer::seek);
        return;
      }
    }
    List<Future<WorkResult>> running = new ArrayList<>();
    List<String> replyTopics = new ArrayList<>();
    for (WorkUnit unit : units) {
      if (unit != null) {
        replyTopics.add(attemptsTopic.apply(unit));
      }
      if (unit != null && running.size() >= capacity) {
        running.add(java.util.concurrent.CompletableFuture.completedFuture(runner.reject(unit,
            "node queue is full: " + capacity + " units (max_concurrent_requests + max_queue_depth) already taken")));
      } else if (unit != null) {
        queued.incrementAndGet();
        running.add(pool.submit(() -> {
          queued.decrementAndGet();
          return runner.run(unit, chunks.sinkFor(unit));
        }));
      }
    }
    List<WorkResult> results = new ArrayList<>();
    for (Future<WorkResult> f : running) {
      try {
        results.add(f.get());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return; // shutting down: nothing committed, the batch is re-run by whoever owns the partition next
      } catch (ExecutionException e) {
        throw new IllegalStateException("WorkRunner never throws", e.getCause());
      }
    }
    commit(results, replyTopics, offsets, firstOffsets);
  }

  private WorkUnit decode(ConsumerRecord<String, byte[]> record) {
    try {
      WorkUnit unit = deserializer.deserialize(record.topic(), record.headers(), record.value());
      if (unit == null) {
        throw new org.apache.kafka.common.errors.SerializationException("work unit is a tombstone");
      }
      return unit;
    } catch (RuntimeException e) {
      if (RegistryUnavailableException.causedBy(e)) {
        throw new RegistryUnavailableException(e.getMessage(), e);
      }
      log.warn("undecodable work unit at {}-{}@{}: {}; sent to {}", record.topic(), record.partition(),
          record.offset(), e.getMessage(), deadLetters.topic());
      byte[] key = record.key() == null ? null : record.key().getBytes(java.nio.charset.StandardCharsets.UTF_8);
      deadLetters.send(new ConsumerRecord<>(record.topic(), record.partition(), record.offset(), key, record.value()),
          e);
      return null;
    }
  }

  private void commit(List<WorkResult> results, List<String> replyTopics,
      Map<TopicPartition, OffsetAndMetadata> offsets, Map<TopicPartition, Long> firstOffsets) {
    try {
      producer.beginTransaction();
      for (int i = 0; i < results.size(); i++) {
        WorkResult r = results.get(i);
        ProducerRecord<String, WorkResult> attempt = new ProducerRecord<>(replyTopics.get(i), r.getIntentId(), r);
        dev.atmosphere.schemas.trace.TraceHeaders.intent(attempt.headers(), r.getIntentId());
        producer.send(attempt);
        io.micrometer.core.instrument.Metrics.counter("atmosphere.executor.attempts", "node",
            String.valueOf(r.getNodeId()), "status", r.getStatus().name()).increment();
      }
      producer.sendOffsetsToTransaction(offsets, consumer.groupMetadata());
      producer.commitTransaction();
      log.debug("committed {} results", results.size());
    } catch (org.apache.kafka.common.errors.ProducerFencedException e) {
      throw e; // another executor with our transactional id took over: stop
    } catch (KafkaException e) {
      log.warn("result transaction failed ({}); aborting and re-running the batch", e.getMessage());
      producer.abortTransaction();
      firstOffsets.forEach(consumer::seek);
    }
  }

  public void stop() {
    running.set(false);
    consumer.wakeup();
  }
}
