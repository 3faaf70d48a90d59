package dev.atmosphere.common.kafka;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;

/**
 * Sends a record a plain consumer cannot handle to a dead-letter topic: original key and bytes, plus headers
 * saying why and where it came from (the same header names Kafka Streams' DLQ uses). The send is awaited so
 * the caller commits the offset only once the dead letter is safe.
 */
public final class DeadLetters {

  public static final String EXCEPTION = "__streams.errors.exception";
  public static final String MESSAGE = "__streams.errors.message";
  public static final String STACKTRACE = "__streams.errors.stacktrace";
  public static final String TOPIC = "__streams.errors.topic";
  public static final String PARTITION = "__streams.errors.partition";
  public static final String OFFSET = "__streams.errors.offset";
  public static final String NODE_ID = "x-node-id";

  private final Producer<byte[], byte[]> producer;
  private final String dlqTopic;
  private final String nodeId;
  private final Counter written;

  /** @param meters where {@code atmosphere_dlq_records_total{topic}} is counted (registered at once, at zero) */
  public DeadLetters(Producer<byte[], byte[]> producer, String dlqTopic, String nodeId, MeterRegistry meters) {
    this.producer = producer;
    this.dlqTopic = dlqTopic;
    this.nodeId = nodeId;
    this.written = meters.counter("atmosphere.dlq.records", "topic", dlqTopic);
  }

  public String topic() {
    return dlqTopic;
  }

  /** Publishes and waits for the acknowledgement; throws if the dead letter could not be written. */
  public void send(ConsumerRecord<byte[], byte[]> record, Throwable error) {
    ProducerRecord<byte[], byte[]> out = new ProducerRecord<>(dlqTopic, null, record.key(), record.value());
    Headers h = out.headers();
    record.headers().forEach(h::add);
    put(h, EXCEPTION, error.getClass().getName());
    put(h, MESSAGE, String.valueOf(error.getMessage()));
    put(h, STACKTRACE, stackTrace(error));
    put(h, TOPIC, record.topic());
    put(h, PARTITION, Integer.toString(record.partition()));
    put(h, OFFSET, Long.toString(record.offset()));
    put(h, NODE_ID, nodeId);
    try {
      producer.send(out).get(30, TimeUnit.SECONDS);
      written.increment();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while writing a dead letter to " + dlqTopic, e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("could not write a dead letter to " + dlqTopic, e);
    }
  }

  private static void put(Headers headers, String key, String value) {
    headers.remove(key);
    headers.add(key, value.getBytes(StandardCharsets.UTF_8));
  }

  private static String stackTrace(Throwable error) {
    StringWriter out = new StringWriter();
    error.printStackTrace(new PrintWriter(out));
    String text = out.toString();
    return text.length() > 4000 ? text.substring(0, 4000) : text;
  }
}
