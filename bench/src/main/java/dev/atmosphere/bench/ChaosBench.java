package dev.atmosphere.bench;

import dev.atmosphere.common.config.Settings;
import dev.atmosphere.common.embed.Embedder;
import dev.atmosphere.common.identity.NodeIdentity;
import dev.atmosphere.executor.ExecutorConfig;
import dev.atmosphere.executor.NodeExecutor;
import dev.atmosphere.ingest.IngestConfig;
import dev.atmosphere.ingest.LoadSource;
import dev.atmosphere.ingest.NodeAgent;
import dev.atmosphere.ops.embedded.EmbeddedKafka;
import dev.atmosphere.ops.embedded.EmbeddedRegistry;
import dev.atmosphere.ops.embedded.Ports;
import dev.atmosphere.router.RouterConfig;
import dev.atmosphere.router.RouterService;
import dev.atmosphere.schemas.CacheMode;
import dev.atmosphere.schemas.Intent;
import dev.atmosphere.schemas.IntentConstraints;
import dev.atmosphere.schemas.IntentKind;
import dev.atmosphere.schemas.WorkResult;
import dev.atmosphere.schemas.WorkStatus;
import dev.atmosphere.schemas.serde.AvroSerdes;
import dev.atmosphere.schemas.topics.Topics;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * {@code bench --only chaos}: intents at a steady rate for a while (2 minutes by default, {@code --seconds}), with a
 * fault every minute in turn — router restart, a node's executor stopped and restarted, registry down 10 s — then
 * counted per intent id: posted, terminal, lost, duplicated; p50/p99 latency; heap after GC over time; and how long
 * after each fault intents created after it succeed again (time to whole).
 */
final class ChaosBench {

  private ChaosBench() {}

  static void run(PrintWriter out, Path home, Path workDir, Embedder embedder, int rate, Duration length)
      throws Exception {
    Path dir = workDir.resolve("chaos");
    int registryPort = Ports.freePort();
    List<AutoCloseable> running = new ArrayList<>();
    try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"), 0)) {
      EmbeddedRegistry[] registry = {registry(home, dir, registryPort)};
      Map<String, String> common = StubNodes.settings(kafka, registry[0], dir);
      common.put("router.attempt.timeout", "10s");
      common.put("router.cache.enabled", "false");
      RouterService[] router = {new RouterService(RouterConfig.from(Settings.of(common)), embedder, new io.micrometer.core.instrument.simple.SimpleMeterRegistry()).start()};
      StubNodes.start(running, common, embedder, Duration.ofMillis(20), "steady");
      NodeIdentity id = NodeIdentity.ephemeral("flaky", Optional.empty());
      StubLlamaFarm farm = new StubLlamaFarm("general", "assistant", Duration.ofMillis(20));
      running.add(farm);
      Map<String, String> values = new HashMap<>(common);
      values.put("node.id", id.nodeId());
      values.put("llamafarm.url", farm.url());
      Settings flaky = Settings.of(values);
      running.add(new NodeAgent(IngestConfig.from(flaky, Map.of()), id, embedder, LoadSource.idle(4),
          Clock.systemUTC()).start());
      java.util.function.Supplier<NodeExecutor> newExecutor = () -> new NodeExecutor(ExecutorConfig.from(flaky,
          Map.of()), id, embedder, Clock.systemUTC(), new io.micrometer.core.instrument.simple.SimpleMeterRegistry()).start();
      NodeExecutor[] executor = {newExecutor.get()};
      AvroSerdes serdes = AvroSerdes.forUrl(registry[0].ccompatUrl());
      Topics topics = Topics.defaults();
      Thread.sleep(5_000); // announcements and first heartbeats; the load starts on a formed mesh
      Map<String, Instant> posted = new ConcurrentHashMap<>();
      Map<String, List<Long>> latencies = new ConcurrentHashMap<>();
      List<Instant> faults = new ArrayList<>();
      List<String> faultNames = new ArrayList<>();
      List<String> heap = new ArrayList<>();
      Properties p = new Properties();
      p.put("bootstrap.servers", kafka.bootstrapServers());
      p.put("isolation.level", "read_committed");
      Properties producerProps = new Properties();
      producerProps.put("bootstrap.servers", kafka.bootstrapServers());
      producerProps.put("acks", "all");
      producerProps.put("linger.ms", "0");
      try (KafkaProducer<String, Intent> producer = new KafkaProducer<>(producerProps, serdes.keys().serializer(),
          serdes.intent().serializer());
          KafkaConsumer<String, byte[]> results = new KafkaConsumer<>(p, new StringDeserializer(),
              new ByteArrayDeserializer())) {
        results.assign(dev.atmosphere.client.MeshClient.partitions(results, topics.results()));
        results.seekToEnd(results.assignment());
        Instant start = Instant.now();
        Instant end = start.plus(length);
        long n = 0;
        int nextFault = 0;
        while (Instant.now().isBefore(end)) {
          long due = start.toEpochMilli() + n * 1000 / rate;
          while (System.currentTimeMillis() < due) {
            drain(results, serdes, posted, latencies, Duration.ofMillis(Math.max(1, due - System.currentTimeMillis())));
          }
          String intentId = "chaos-" + n++;
          Instant now = Instant.now();
          posted.put(intentId, now);
          producer.send(new ProducerRecord<>(topics.intents(), intentId, Intent.newBuilder().setIntentId(intentId)
              .setKind(IntentKind.CHAT).setText("question " + (n % 50) + " for the assistant")
              .setCache(CacheMode.BYPASS).setConstraints(IntentConstraints.newBuilder().build()).setCreatedAt(now)
              .setDeadlineAt(now.plusSeconds(120)).build()));
          if (Duration.between(start, now).toSeconds() >= 60L * (nextFault + 1) - 30) { // mid-minute: 30 s, 90 s …
            faults.add(now);
            faultNames.add(fault(nextFault++, router, executor, registry, common, newExecutor, embedder, home, dir,
                registryPort));
          }
          if (n % (rate * 10L) == 0) {
            heap.add(Duration.between(start, now).toSeconds() + " s " + heapAfterGcMb() + " MB");
          }
        }
        Instant drainUntil = Instant.now().plusSeconds(60);
        while (Instant.now().isBefore(drainUntil) && latencies.size() < posted.size()) {
          drain(results, serdes, posted, latencies, Duration.ofMillis(500));
        }
      } finally {
        router[0].close();
        executor[0].close();
        for (int i = running.size() - 1; i >= 0; i--) {
          running.get(i).close();
        }
        registry[0].close();
      }
      report(out, posted, latencies, faults, faultNames, heap, rate, length);
    }
  }

  private static String fault(int k, RouterService[] router, NodeExecutor[] executor, EmbeddedRegistry[] registry,
      Map<String, String> common, java.util.function.Supplier<NodeExecutor> newExecutor, Embedder embedder, Path home,
      Path dir, int registryPort) {
    switch (k % 3) {
      case 0 -> {
        router[0].close();
        router[0] = new RouterService(RouterConfig.from(Settings.of(common)), embedder, new io.micrometer.core.instrument.simple.SimpleMeterRegistry()).start();
        return "router restarted";
      }
      case 1 -> {
        executor[0].close();
        executor[0] = newExecutor.get();
        return "executor of node flaky stopped and restarted";
      }
      default -> {
        registry[0].close();
        new Thread(() -> {
          try {
            Thread.sleep(10_000); // the outage itself
            registry[0] = registry(home, dir, registryPort);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }, "registry-back").start();
        return "registry down for 10 s";
      }
    }
  }

  private static EmbeddedRegistry registry(Path home, Path dir, int port) {
    return EmbeddedRegistry.start(EmbeddedRegistry.locateJar(home), port, dir.resolve("registry"),
        dir.resolve("registry.log"), Duration.ofSeconds(90));
  }

  private static void drain(KafkaConsumer<String, byte[]> results, AvroSerdes serdes, Map<String, Instant> posted,
      Map<String, List<Long>> latencies, Duration wait) {
    for (ConsumerRecord<String, byte[]> r : results.poll(wait)) {
      Instant at = posted.get(r.key());
      if (at != null) {
        WorkResult result = serdes.result().deserializer().deserialize(r.topic(), r.value());
        long ms = result.getStatus() == WorkStatus.SUCCEEDED ? Duration.between(at, Instant.now()).toMillis() : -1;
        latencies.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(ms);
      }
    }
  }

  private static long heapAfterGcMb() {
    long bytes = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP && pool.getCollectionUsage() != null) {
        bytes += pool.getCollectionUsage().getUsed();
      }
    }
    return bytes >> 20;
  }

  private static void report(PrintWriter out, Map<String, Instant> posted, Map<String, List<Long>> latencies,
      List<Instant> faults, List<String> faultNames, List<String> heap, int rate, Duration length) {
    long lost = posted.keySet().stream().filter(id -> !latencies.containsKey(id)).count();
    long duplicated = latencies.values().stream().filter(l -> l.size() > 1).count();
    double[] ok = latencies.values().stream().mapToLong(l -> l.get(0)).filter(ms -> ms >= 0).asDoubleStream()
        .toArray();
    out.printf("chaos: %d s at %d intents/s: %d posted, %d terminal, %d lost, %d duplicated; %d succeeded, "
            + "p50 %.0f ms, p99 %.0f ms%n", length.toSeconds(), rate, posted.size(), latencies.size(), lost, duplicated,
        ok.length, ok.length == 0 ? 0 : Stats.percentile(ok, 50), ok.length == 0 ? 0 : Stats.percentile(ok, 99));
    for (int i = 0; i < faults.size(); i++) {
      Instant fault = faults.get(i);
      Optional<Instant> whole = posted.entrySet().stream()
          .filter(e -> e.getValue().isAfter(fault) && latencies.getOrDefault(e.getKey(), List.of(-1L)).get(0) >= 0)
          .map(e -> e.getValue().plusMillis(latencies.get(e.getKey()).get(0))).min(Instant::compareTo);
      out.printf("chaos: fault %d (%s): first success of a later intent %s%n", i + 1, faultNames.get(i),
          whole.map(w -> Duration.between(fault, w).toMillis() + " ms after it").orElse("never"));
    }
    out.println("chaos: heap after GC over time: " + heap);
    out.flush();
  }
}
