package dev.atmosphere.executor.continuation;

import dev.atmosphere.common.kafka.KafkaConnection;
import dev.atmosphere.schemas.WorkUnit;
import dev.atmosphere.schemas.serde.GenericWireReader;
import dev.atmosphere.schemas.sign.Signatures;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a streamed intent's client has already been sent, read back from the chunks topic when a later attempt starts:
 * the pieces of the newest earlier attempt, signed by a node the router names as having run it
 * ({@code earlierNodes}), in order from the first, up to the first gap. Reads only the intent's own partition (the
 * chunks are keyed by intent id), from the intent's creation on, within a time budget; anything it cannot read in
 * time, or cannot trust, means no continuation — the attempt starts from the beginning as before.
 */
public final class DeliveredText implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(DeliveredText.class);
  /** Beyond this the earlier answer is not sent again to the next model (its context has limits too). */
  static final int MAX_CHARS = 32_000;

  private final KafkaConnection connection;
  private final String topic;
  private final GenericWireReader reader;
  private final Duration budget;
  private final Clock clock;
  private KafkaConsumer<String, byte[]> consumer;

  public DeliveredText(KafkaConnection connection, String topic, GenericWireReader reader, Duration budget,
      Clock clock) {
    this.connection = connection;
    this.topic = topic;
    this.reader = reader;
    this.budget = budget;
    this.clock = clock;
  }

  /** The text the newest earlier attempt streamed, or empty (first attempt, nothing streamed, unreadable). */
  public synchronized Optional<String> find(WorkUnit unit) {
    if (!unit.getStream() || unit.getAttempt() <= 1 || unit.getEarlierNodes().isEmpty()) {
      return Optional.empty();
    }
    try {
      return read(unit);
    } catch (RuntimeException e) { // a broker or registry fault: start again rather than fail the attempt
      log.warn("could not read what earlier attempts of intent {} streamed: {}", unit.getIntentId(), e.getMessage());
      return Optional.empty();
    }
  }

  private Optional<String> read(WorkUnit unit) {
    KafkaConsumer<String, byte[]> c = consumer();
    int partitions = c.partitionsFor(topic, budget).size();
    TopicPartition tp = new TopicPartition(topic,
        Utils.toPositive(Utils.murmur2(unit.getIntentId().getBytes(StandardCharsets.UTF_8))) % partitions);
    c.assign(List.of(tp));
    OffsetAndTimestamp from = c.offsetsForTimes(Map.of(tp, unit.getIntentCreatedAt().minusSeconds(60).toEpochMilli()),
        budget).get(tp);
    long end = c.endOffsets(List.of(tp), budget).get(tp);
    c.seek(tp, from == null ? end : from.offset());
    Map<String, TreeMap<Integer, String>> pieces = new HashMap<>();
    String newest = null;
    Instant until = clock.instant().plus(budget);
    while (c.position(tp) < end && clock.instant().isBefore(until)) {
      for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(100))) {
        if (!unit.getIntentId().equals(r.key()) || r.value() == null || r.offset() >= end) {
          continue;
        }
        GenericRecord chunk = reader.read(topic, r.value());
        String workId = String.valueOf(chunk.get("workId"));
        if (!workId.equals(unit.getWorkId()) && trusted(chunk, unit)) {
          pieces.computeIfAbsent(workId, w -> new TreeMap<>()).put((Integer) chunk.get("sequence"),
              String.valueOf(chunk.get("delta")));
          newest = workId;
        }
      }
    }
    if (c.position(tp) < end || newest == null) {
      return Optional.empty();
    }
    StringBuilder text = new StringBuilder();
    int expected = 0;
    for (Map.Entry<Integer, String> e : pieces.get(newest).entrySet()) {
      if (e.getKey() != expected++) {
        break; // a gap: the client cannot have been sent more than this
      }
      text.append(e.getValue());
    }
    return text.length() == 0 || text.length() > MAX_CHARS ? Optional.empty() : Optional.of(text.toString());
  }

  /** Signed by the node it names, and that node ran an earlier attempt of this intent. */
  private static boolean trusted(GenericRecord chunk, WorkUnit unit) {
    String node = String.valueOf(chunk.get("nodeId"));
    byte[] key = Signatures.bytes((ByteBuffer) chunk.get("publicKey"));
    byte[] signature = Signatures.bytes((ByteBuffer) chunk.get("signature"));
    return unit.getEarlierNodes().contains(node) && key != null && signature != null && Signatures.ownedBy(node, key)
        && Signatures.verify(key, Signatures.canonical(chunk), signature);
  }

  private KafkaConsumer<String, byte[]> consumer() {
    if (consumer == null) {
      Properties p = connection.clientProps();
      p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
      p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted"); // pieces are written outside transactions
      consumer = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
    }
    return consumer;
  }

  @Override
  public synchronized void close() {
    if (consumer != null) {
      consumer.close(Duration.ofSeconds(2));
    }
  }
}
