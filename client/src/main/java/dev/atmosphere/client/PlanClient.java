package dev.atmosphere.client;

import dev.atmosphere.common.identity.NodeIdentity;
import dev.atmosphere.common.identity.OriginSigned;
import dev.atmosphere.common.kafka.KafkaConnection;
import dev.atmosphere.schemas.IntentConstraints;
import dev.atmosphere.schemas.Plan;
import dev.atmosphere.schemas.PlanResult;
import dev.atmosphere.schemas.WorkResult;
import dev.atmosphere.schemas.serde.AvroSerdes;
import dev.atmosphere.schemas.topics.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Runs plans on the mesh from outside it: posts them to {@code atmosphere.plans} — at most {@code window} open at
 * once, so a batch of thousands does not overrun executor queues — and follows {@code atmosphere.plan.units}
 * (progress) and {@code atmosphere.plan.results} until every plan has its one result or the time is up.
 */
public final class PlanClient implements AutoCloseable {

  /** Called on the client's thread as units and plans finish. */
  public interface Progress {
    void unitFinished(String planId, WorkResult unit);

    void planFinished(PlanResult result);
  }

  private final MeshClient mesh;
  private final Topics topics;
  private final KafkaProducer<String, Plan> producer;
  private final NodeIdentity node;
  private final boolean localOnly;

  public PlanClient(KafkaConnection connection, Topics topics) {
    this(connection, topics, null, false);
  }

  /**
   * A client that posts plans in {@code node}'s name, signed (a plan without an origin gets this node's), so the
   * router trusts their origin and their units may use this node's local-only capabilities; with {@code localOnly}
   * every unit must also run on this node (private documents stay on the machine).
   */
  public PlanClient(KafkaConnection connection, Topics topics, NodeIdentity node, boolean localOnly) {
    if (localOnly && node == null) {
      throw new IllegalArgumentException("local-only plans need the node's key: a plan must prove its origin");
    }
    this.mesh = new MeshClient(connection, topics);
    this.topics = topics;
    this.node = node;
    this.localOnly = localOnly;
    AvroSerdes serdes = mesh.serdes();
    this.producer = new KafkaProducer<>(MeshClient.producerProps(connection), serdes.keys().serializer(),
        node == null ? serdes.plan().serializer() : OriginSigned.plans(node, serdes.plan().serializer()));
  }

  public MeshClient mesh() {
    return mesh;
  }

  /** Results by plan id, in submission order; plans without a result within {@code timeout} are absent. */
  public Map<String, PlanResult> run(List<Plan> plans, int window, Duration timeout, Progress progress) {
    Map<String, PlanResult> results = new LinkedHashMap<>();
    plans.forEach(p -> results.put(p.getPlanId(), null));
    Deque<Plan> queue = new ArrayDeque<>(plans);
    Set<String> open = new HashSet<>();
    Deserializer<WorkResult> units = mesh.serdes().result().deserializer();
    Deserializer<PlanResult> finished = mesh.serdes().planResult().deserializer();
    try (KafkaConsumer<String, byte[]> consumer = mesh.tailConsumer()) {
      List<TopicPartition> partitions = MeshClient.partitions(consumer, topics.planUnits(), topics.planResults());
      consumer.assign(partitions);
      consumer.seekToEnd(partitions);
      partitions.forEach(consumer::position); // fix the start before posting
      Instant deadline = Instant.now().plus(timeout);
      while (Instant.now().isBefore(deadline) && (!queue.isEmpty() || !open.isEmpty())) {
        while (open.size() < window && !queue.isEmpty()) {
          Plan plan = queue.poll();
          send(plan);
          open.add(plan.getPlanId());
        }
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(100))) {
          if (!results.containsKey(r.key()) || r.value() == null) {
            continue;
          }
          if (r.topic().equals(topics.planUnits())) {
            progress.unitFinished(r.key(), Replies.decode(units, r, deadline));
          } else if (open.remove(r.key())) {
            PlanResult result = Replies.decode(finished, r, deadline);
            results.put(r.key(), result);
            progress.planFinished(result);
          }
        }
      }
    }
    results.values().removeIf(java.util.Objects::isNull);
    return results;
  }

  private void send(Plan plan) {
    Plan.Builder posted = Plan.newBuilder(plan);
    if (node != null && plan.getOriginNodeId() == null) {
      posted.setOriginNodeId(node.nodeId());
    }
    if (localOnly) {
      posted.setConstraints(IntentConstraints.newBuilder(plan.getConstraints()).setLocalOnly(true).build());
    }
    try {
      producer.send(new ProducerRecord<>(topics.plans(), plan.getPlanId(), posted.build())).get(30, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new MeshUnavailableException("could not post plan to " + topics.plans() + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new MeshUnavailableException("interrupted while posting a plan", e);
    }
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(5));
    mesh.close();
  }
}
