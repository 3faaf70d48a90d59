package dev.atmosphere.client;

import dev.atmosphere.common.kafka.KafkaConnection;
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
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
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

  public PlanClient(KafkaConnection connection, Topics topics) {
    this.mesh = new MeshClient(connection, topics);
    this.topics = topics;
    AvroSerdes serdes = mesh.serdes();
    Properties p = connection.clientProps();
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    this.producer = new KafkaProducer<>(p, serdes.keys().serializer(), serdes.plan().serializer());
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
    try {
      producer.send(new ProducerRecord<>(topics.plans(), plan.getPlanId(), plan)).get(30, TimeUnit.SECONDS);
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
