package dev.atmosphere.bench;

import dev.atmosphere.schemas.Intent;
import dev.atmosphere.schemas.IntentConstraints;
import dev.atmosphere.schemas.IntentKind;
import dev.atmosphere.schemas.WorkUnit;
import dev.atmosphere.schemas.topics.Topics;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Intents posted at a fixed rate, each text new, and the time until each one's work unit reaches a node's work topic
 * as a reader sees it: the pipeline bench's latency figure.
 */
final class PacedIntents {

  private PacedIntents() {}

  /**
   * The same intents timed by each consumer: the work as written (how executors read it) and once committed. Each
   * consumer polls on a thread of its own, as an executor does, and the intents are sent on another at the fixed
   * rate: one thread taking turns at both polls and the sends had added its own waits to every figure (a record that
   * arrived while the other consumer's poll ran waited for it).
   */
  static void measure(PrintWriter out, KafkaProducer<String, Intent> producer,
      List<KafkaConsumer<String, WorkUnit>> consumers, Topics topics, int rate, int seconds, String prefix,
      boolean committed) {
    String[] texts = {"summarise the termination clause of contract", "fix the bug in this Java method",
        "what was revenue in quarter", "how many vacation days for employee", "translate this note into French"};
    int total = rate * seconds;
    long intervalNanos = 1_000_000_000L / rate;
    long deadline = System.nanoTime() + Duration.ofSeconds(seconds + 60).toNanos();
    List<List<Double>> seen = new ArrayList<>();
    List<Thread> readers = new ArrayList<>();
    for (KafkaConsumer<String, WorkUnit> consumer : consumers) {
      List<Double> latencies = new ArrayList<>();
      seen.add(latencies);
      Thread reader = new Thread(() -> {
        while (latencies.size() < total && System.nanoTime() < deadline) {
          for (var r : consumer.poll(Duration.ofMillis(100))) {
            if (r.key().startsWith(prefix)) {
              latencies.add((double) Duration.between(r.value().getIntentCreatedAt(), Instant.now()).toNanos() / 1e6);
            }
          }
        }
      }, "bench-reader-" + readers.size());
      reader.start();
      readers.add(reader);
    }
    long start = System.nanoTime();
    for (int sent = 0; sent < total; sent++) {
      LockSupport.parkNanos(start + sent * intervalNanos - System.nanoTime());
      String id = prefix + sent;
      producer.send(new ProducerRecord<>(topics.intents(), id, Intent.newBuilder().setIntentId(id)
          .setKind(IntentKind.CHAT).setText(texts[sent % texts.length] + " " + id)
          .setConstraints(IntentConstraints.newBuilder().build()).setCreatedAt(Instant.now()).build()));
    }
    for (Thread reader : readers) {
      try {
        reader.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    if (out == null) {
      return;
    }
    for (int c = 0; c < consumers.size(); c++) {
      double[] values = seen.get(c).stream().mapToDouble(Double::doubleValue).toArray();
      out.printf("pipeline intent→work topic at %d intents/s for %d s (EOS, the router's default commit interval, "
              + "embedding included), %s: %d/%d routed, p50 %.1f ms, p99 %.1f ms, max %.1f ms%n", rate, seconds,
          committed ? "once the router's transaction commits" : "as the node's executor reads it (as written)",
          values.length, total, Stats.percentile(values, 50), Stats.percentile(values, 99),
          Stats.percentile(values, 100));
    }
    out.flush();
  }
}
