package dev.atmosphere.client;

import dev.atmosphere.common.kafka.KafkaConnection;
import dev.atmosphere.schemas.CapabilityAnnouncement;
import dev.atmosphere.schemas.Intent;
import dev.atmosphere.schemas.NodeStatus;
import dev.atmosphere.schemas.ResultChunk;
import dev.atmosphere.schemas.RouteDecision;
import dev.atmosphere.schemas.WorkResult;
import dev.atmosphere.schemas.serde.AvroSerdes;
import dev.atmosphere.schemas.topics.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * What a producer of intents does, over Kafka only: post an Avro intent, wait for its route and its one
 * terminal result (read_committed), and read the gradient table from the compacted topics. Used by the CLI
 * and by the integration tests.
 */
public final class MeshClient implements AutoCloseable {

  /** The route and the result of one intent (route may be absent if the result came first). */
  public record Answer(Optional<RouteDecision> route, WorkResult result) {}

  /** Latest value per key of the two table topics. */
  public record GradientTable(List<CapabilityAnnouncement> capabilities, Map<String, NodeStatus> nodes) {}

  private final KafkaConnection connection;
  private final Topics topics;
  private final AvroSerdes serdes;
  private final KafkaProducer<String, Intent> producer;
  private final NodeProof chunkProof;

  public MeshClient(KafkaConnection connection, Topics topics) {
    this(connection, topics, null);
  }

  /**
   * A client that signs the intents it posts in {@code node}'s name (those whose origin is that node), so the router
   * trusts their origin — what an application on the node's machine uses to reach its local-only capabilities.
   */
  public MeshClient(KafkaConnection connection, Topics topics, dev.atmosphere.common.identity.NodeIdentity node) {
    this.connection = connection;
    this.topics = topics;
    this.serdes = connection.serdes();
    this.chunkProof = NodeProof.forChunks(new dev.atmosphere.schemas.serde.GenericWireReader(serdes.registry()),
        new io.micrometer.core.instrument.simple.SimpleMeterRegistry()); // a command-line client: nobody scrapes it
    this.producer = new KafkaProducer<>(producerProps(connection), serdes.keys().serializer(), node == null
        ? serdes.intent().serializer() : dev.atmosphere.common.identity.OriginSigned.intents(node,
        serdes.intent().serializer()));
  }

  /** What a client posting to the mesh produces with: acks from all replicas, idempotent, 10 s at most to block. */
  public static Properties producerProps(KafkaConnection connection) {
    Properties p = connection.clientProps();
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "10000");
    return p;
  }

  /** Throws {@link MeshUnavailableException} when no broker answers within {@code timeout}. */
  public static void checkBroker(KafkaConnection connection, Duration timeout) {
    Properties p = connection.clientProps();
    p.put("request.timeout.ms", Long.toString(timeout.toMillis()));
    p.put("default.api.timeout.ms", Long.toString(timeout.toMillis()));
    try (Admin admin = Admin.create(p)) {
      admin.describeCluster().clusterId().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new MeshUnavailableException("no broker at " + connection.bootstrapServers()
          + " — start it with ./atmosphere up", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new MeshUnavailableException("interrupted", e);
    }
  }

  /** Posts the intent and waits for its result; empty when none arrived within {@code timeout}. */
  public Optional<Answer> submit(Intent intent, Duration timeout) {
    return submit(intent, timeout, chunk -> { });
  }

  /** Posts a dry-run copy of the intent and waits for its RouteDecision only; nothing is executed. */
  public Optional<RouteDecision> explain(Intent intent, Duration timeout) {
    Intent dry = Intent.newBuilder(intent).setDryRun(true).build();
    try (KafkaConsumer<String, byte[]> consumer = tailConsumer()) {
      List<TopicPartition> partitions = partitions(consumer, topics.routes());
      consumer.assign(partitions);
      consumer.seekToEnd(partitions);
      partitions.forEach(consumer::position);
      producer.send(new ProducerRecord<>(topics.intents(), dry.getIntentId(), dry)).get(30, TimeUnit.SECONDS);
      return Replies.first(consumer, dry.getIntentId(), serdes.route().deserializer(), Instant.now().plus(timeout));
    } catch (ExecutionException | TimeoutException e) {
      throw new MeshUnavailableException("could not post the intent to " + topics.intents() + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  /** Like {@link #submit(Intent, Duration)}, handing streamed pieces to {@code onChunk} as they arrive. */
  public Optional<Answer> submit(Intent intent, Duration timeout, java.util.function.Consumer<ResultChunk> onChunk) {
    try (KafkaConsumer<String, byte[]> consumer = tailConsumer()) {
      List<TopicPartition> partitions = partitions(consumer, topics.routes(), topics.results(), topics.resultChunks());
      consumer.assign(partitions);
      consumer.seekToEnd(partitions);
      partitions.forEach(consumer::position); // fix the start before posting
      ProducerRecord<String, Intent> record = new ProducerRecord<>(topics.intents(), intent.getIntentId(), intent);
      dev.atmosphere.schemas.trace.TraceHeaders.intent(record.headers(), intent.getIntentId());
      producer.send(record).get(30, TimeUnit.SECONDS);
      Deserializer<RouteDecision> routes = serdes.route().deserializer();
      Deserializer<WorkResult> results = serdes.result().deserializer();
      Deserializer<ResultChunk> chunks = serdes.chunk().deserializer();
      RouteDecision route = null;
      WorkResult result = null;
      StreamedPieces pieces = new StreamedPieces(chunkProof);
      Instant deadline = Instant.now().plus(timeout);
      while (Instant.now().isBefore(deadline) && (result == null || route == null)) {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(100))) {
          if (!intent.getIntentId().equals(r.key())) {
            continue;
          }
          if (r.topic().equals(topics.routes())) {
            route = Replies.decode(routes, r, deadline);
          } else if (r.topic().equals(topics.resultChunks())) {
            ResultChunk chunk = Replies.decode(chunks, r, deadline); // first: a registry outage is waited out here
            pieces.accept(r, chunk, route).ifPresent(onChunk);
          } else if (result == null) {
            result = Replies.decode(results, r, deadline);
            if (result.getCacheHit()) {
              return Optional.of(new Answer(Optional.empty(), result)); // answered from the cache: no route exists
            }
            // a route and its NO_ROUTE result commit together; a routed result always follows its route
            deadline = min(deadline, Instant.now().plusSeconds(2));
          }
        }
      }
      return result == null ? Optional.empty() : Optional.of(new Answer(Optional.ofNullable(route), result));
    } catch (ExecutionException | TimeoutException e) {
      throw new MeshUnavailableException("could not post the intent to " + topics.intents() + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  private static Instant min(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }

  /** Reads both compacted table topics from the beginning to their current end. */
  public GradientTable gradientTable(Duration timeout) {
    Map<String, CapabilityAnnouncement> caps = new LinkedHashMap<>();
    Map<String, NodeStatus> nodes = new LinkedHashMap<>();
    Deserializer<CapabilityAnnouncement> capReader = serdes.capability().deserializer();
    Deserializer<NodeStatus> statusReader = serdes.nodeStatus().deserializer();
    try (KafkaConsumer<String, byte[]> consumer = tailConsumer()) {
      List<TopicPartition> partitions = partitions(consumer, topics.verifiedCapabilities(), topics.verifiedNodeStatus());
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      Instant deadline = Instant.now().plus(timeout);
      while (Instant.now().isBefore(deadline) && partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          boolean isCap = r.topic().equals(topics.verifiedCapabilities());
          if (r.value() == null) {
            (isCap ? caps : nodes).remove(r.key());
          } else if (isCap) {
            caps.put(r.key(), Replies.decode(capReader, r, deadline));
          } else {
            nodes.put(r.key(), Replies.decode(statusReader, r, deadline));
          }
        }
      }
    }
    return new GradientTable(new ArrayList<>(caps.values()), nodes);
  }

  /** A consumer for reading mesh topics without a group (read_committed). */
  public KafkaConsumer<String, byte[]> tailConsumer() {
    return tailConsumer(connection);
  }

  public static KafkaConsumer<String, byte[]> tailConsumer(KafkaConnection connection) {
    Properties p = connection.clientProps();
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    return new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
  }

  /** Positions every partition at the first record of the last {@code since} (or at its end when there is none). */
  public static void seekToSince(KafkaConsumer<?, ?> consumer, List<TopicPartition> partitions, Duration since) {
    long from = Instant.now().minus(since).toEpochMilli();
    Map<TopicPartition, Long> query = new java.util.HashMap<>();
    partitions.forEach(tp -> query.put(tp, from));
    Map<TopicPartition, org.apache.kafka.clients.consumer.OffsetAndTimestamp> found = consumer.offsetsForTimes(query);
    Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
    for (TopicPartition tp : partitions) {
      var at = found.get(tp);
      consumer.seek(tp, at != null ? at.offset() : end.get(tp));
    }
  }

  public static List<TopicPartition> partitions(KafkaConsumer<?, ?> consumer, String... names) {
    List<TopicPartition> out = new ArrayList<>();
    for (String name : names) {
      List<PartitionInfo> infos = consumer.partitionsFor(name, Duration.ofSeconds(10));
      if (infos == null || infos.isEmpty()) {
        throw new MeshUnavailableException("topic " + name + " does not exist — is the mesh running (./atmosphere up)?",
            null);
      }
      infos.forEach(i -> out.add(new TopicPartition(i.topic(), i.partition())));
    }
    return out;
  }

  public AvroSerdes serdes() {
    return serdes;
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(5));
  }
}
