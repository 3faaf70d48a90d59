package dev.atmosphere.executor.federated;

import dev.atmosphere.common.privacy.Mechanisms;
import dev.atmosphere.executor.WorkRunner;
import dev.atmosphere.schemas.CapabilityType;
import dev.atmosphere.schemas.FederatedPart;
import dev.atmosphere.schemas.FederatedTask;
import dev.atmosphere.schemas.IntentKind;
import dev.atmosphere.schemas.WorkResult;
import dev.atmosphere.schemas.WorkStatus;
import dev.atmosphere.schemas.WorkUnit;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's side of federated queries: reads the tasks addressed to it, asks its own capability (the raw answer
 * stays in this process), turns the answer into the declared statistic, adds discrete Laplace noise from a
 * {@link SecureRandom}, keeps the release on disk, then writes it — the only record about its data that leaves the
 * node. Tasks for other nodes are skipped; a task seen again re-sends the kept release.
 */
public final class FederatedWorker implements Runnable {

  private static final Logger log = LoggerFactory.getLogger(FederatedWorker.class);

  private final String nodeId;
  private final Consumer<String, byte[]> consumer;
  private final Deserializer<FederatedTask> tasks;
  private final Producer<String, byte[]> producer;
  private final Serializer<FederatedPart> parts;
  private final String tasksTopic;
  private final String partsTopic;
  private final WorkRunner runner;
  private final ReleasedParts released;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();
  private final AtomicBoolean running = new AtomicBoolean(true);

  public FederatedWorker(String nodeId, Consumer<String, byte[]> consumer, Deserializer<FederatedTask> tasks,
      Producer<String, byte[]> producer, Serializer<FederatedPart> parts, String tasksTopic, String partsTopic,
      WorkRunner runner, ReleasedParts released, Clock clock) {
    this.nodeId = nodeId;
    this.consumer = consumer;
    this.tasks = tasks;
    this.producer = producer;
    this.parts = parts;
    this.tasksTopic = tasksTopic;
    this.partsTopic = partsTopic;
    this.runner = runner;
    this.released = released;
    this.clock = clock;
  }

  @Override
  public void run() {
    try {
      consumer.subscribe(List.of(tasksTopic));
      while (running.get()) {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          if (!handle(r)) {
            break; // seeked back: the same task comes again with the next poll
          }
        }
        consumer.commitSync();
      }
    } catch (WakeupException e) {
      if (running.get()) {
        throw e;
      }
    } finally {
      consumer.close(Duration.ofSeconds(5));
      producer.close(Duration.ofSeconds(5));
    }
  }

  /**
   * Answers the record's task if it is addressed here. A fault (registry, broker, disk) is retried: the consumer
   * is sought back to the record so nothing is committed past it; false then.
   */
  private boolean handle(ConsumerRecord<String, byte[]> r) {
    FederatedTask task = decode(r);
    if (task == null || !task.getNodeId().equals(nodeId)) {
      return true;
    }
    try {
      answer(task);
      return true;
    } catch (RuntimeException e) {
      log.warn("federated task {} failed ({}); retrying", task.getQueryId(), e.getClass().getSimpleName(), e);
      consumer.seek(new org.apache.kafka.common.TopicPartition(r.topic(), r.partition()), r.offset());
      pause();
      return false;
    }
  }

  private void pause() {
    try {
      Thread.sleep(500);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running.set(false);
    }
  }

  private FederatedTask decode(ConsumerRecord<String, byte[]> r) {
    try {
      return tasks.deserialize(r.topic(), r.headers(), r.value());
    } catch (RuntimeException e) {
      log.warn("undecodable federated task at {}-{}@{} skipped: {}", r.topic(), r.partition(), r.offset(),
          e.getClass().getSimpleName());
      return null;
    }
  }

  /**
   * Runs one task and sends its release; the same task again — after a crash, or a registry or broker fault while
   * sending — re-sends the kept release instead of asking the model and drawing noise again.
   */
  void answer(FederatedTask task) {
    FederatedPart part = released.find(task.getQueryId()).orElseGet(() -> {
      FederatedPart fresh = compute(task);
      released.keep(task.getQueryId(), fresh);
      return fresh;
    });
    producer.send(new ProducerRecord<>(partsTopic, task.getQueryId(), parts.serialize(partsTopic, part)));
    producer.flush();
  }

  FederatedPart compute(FederatedTask task) {
    Instant now = clock.instant();
    FederatedPart.Builder part = FederatedPart.newBuilder().setQueryId(task.getQueryId()).setNodeId(nodeId)
        .setReleasedAt(now).setOk(false);
    if (!task.getDeadlineAt().isAfter(now)) {
      return part.setError("deadline passed before the node could answer").build();
    }
    boolean rag = task.getCapabilityType() == CapabilityType.RAG;
    WorkResult answer = runner.run(WorkUnit.newBuilder().setWorkId(task.getQueryId() + "-federated")
        .setIntentId(task.getQueryId()).setRouteId("federated").setNodeId(nodeId)
        .setCapabilityId(task.getCapabilityId()).setCapabilityType(task.getCapabilityType())
        .setProvider(task.getProvider()).setTarget(task.getTarget()).setModelName(task.getModelName())
        .setKind(rag ? IntentKind.RAG : IntentKind.CHAT).setRagEnabled(rag)
        .setText(LocalStatistic.prompt(task.getQuestion(), task.getSpec()))
        .setIntentCreatedAt(now).setRoutedAt(now).setDeadlineAt(task.getDeadlineAt()).build());
    if (answer.getStatus() != WorkStatus.SUCCEEDED) {
      return part.setError("the local capability failed: " + answer.getErrorKind()).build();
    }
    try {
      Mechanisms.Release r = LocalStatistic.release(answer.getOutput(), task.getSpec(), random);
      return part.setOk(true).setValues(Arrays.stream(r.values()).boxed().toList()).setScale(r.scale()).build();
    } catch (IllegalArgumentException e) {
      return part.setError(e.getMessage()).build(); // says what was missing, never what the answer was
    }
  }

  public void stop() {
    running.set(false);
    consumer.wakeup();
  }
}
