package dev.atmosphere.scaler.actuator;

import dev.atmosphere.common.kafka.KafkaConnection;
import dev.atmosphere.schemas.ScaleCommand;
import dev.atmosphere.schemas.serde.AvroSerdes;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads {@code atmosphere.scale.commands} and applies each through the {@link ScaleExecutor}, committing after each
 * poll's commands were applied (at-least-once; actuators are idempotent: "scale to N", "wake these machines").
 */
public final class ScaleCommandConsumer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ScaleCommandConsumer.class);

  private final KafkaConsumer<String, ScaleCommand> consumer;
  private final ScaleExecutor executor;
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final Thread thread;

  public ScaleCommandConsumer(KafkaConnection connection, String topic, String groupId, ScaleExecutor executor) {
    Properties p = connection.clientProps();
    p.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    AvroSerdes serdes = AvroSerdes.forUrl(connection.registryUrl());
    this.consumer = new KafkaConsumer<>(p, serdes.keys().deserializer(),
        serdes.serde(ScaleCommand.class).deserializer());
    this.executor = executor;
    consumer.subscribe(List.of(topic));
    this.thread = new Thread(this::loop, "scale-actuators");
  }

  public ScaleCommandConsumer start() {
    thread.start();
    return this;
  }

  private void loop() {
    try {
      while (running.get()) {
        for (ConsumerRecord<String, ScaleCommand> r : consumer.poll(Duration.ofMillis(500))) {
          if (r.value() != null) {
            executor.apply(r.value());
          }
        }
        consumer.commitSync();
      }
    } catch (org.apache.kafka.common.errors.WakeupException e) {
      log.debug("scale actuators stopping");
    } finally {
      consumer.close(Duration.ofSeconds(5));
    }
  }

  @Override
  public void close() throws InterruptedException {
    running.set(false);
    consumer.wakeup();
    thread.join(10_000);
  }
}
