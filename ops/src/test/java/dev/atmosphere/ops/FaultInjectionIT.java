package dev.atmosphere.ops;

import dev.atmosphere.client.MeshClient;
import static dev.atmosphere.common.testing.FakeLlamaFarm.projectConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.atmosphere.common.config.Settings;
import dev.atmosphere.common.embed.CachingEmbedder;
import dev.atmosphere.common.embed.Embedder;
import dev.atmosphere.common.embed.MiniLmEmbedder;
import dev.atmosphere.common.identity.NodeIdentity;
import dev.atmosphere.common.kafka.KafkaConnection;
import dev.atmosphere.common.testing.FakeLlamaFarm;
import dev.atmosphere.executor.ExecutorConfig;
import dev.atmosphere.executor.NodeExecutor;
import dev.atmosphere.ingest.IngestConfig;
import dev.atmosphere.ingest.LoadSource;
import dev.atmosphere.ingest.NodeAgent;
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
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.server.common.MetadataVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The guarantee under fire: one terminal result per intent, none lost, none duplicated. A steady stream of intents
 * runs on an in-process 3-broker KRaft cluster (replication 3, min ISR 2) while, one after another, a broker is shut
 * down, a node's executor JVM is killed with {@code kill -9} with work in flight, the router is restarted, the schema
 * registry is stopped for 10 s (and the router restarted again while it is down), and a node's heartbeats stop.
 * Afterwards every intent id is counted on the results topic (read_committed).
 */
@Timeout(420)
class FaultInjectionIT {

  private static final int INTENTS = 300;
  private static final Duration SPACING = Duration.ofMillis(100);

  @TempDir Path dir;

  @Test
  void shouldGiveEveryIntentExactlyOneTerminalResultThroughBrokerExecutorRouterRegistryAndHeartbeatFaults()
      throws Exception {
    CountDownLatch never = new CountDownLatch(1);
    try (KafkaClusterTestKit cluster = cluster();
        FakeLlamaFarm steadyFarm = farm("steady");
        FakeLlamaFarm victimFarm = farm("victim").holdChats(never)) { // work on the victim never finishes by itself
      Map<String, String> common = common(cluster.bootstrapServers());
      int registryPort = Ports.freePort();
      EmbeddedRegistry registry = startRegistry(registryPort);
      common.put(KafkaConnection.REGISTRY, registry.ccompatUrl());
      Embedder embedder = new CachingEmbedder(new MiniLmEmbedder(), 10_000);
      RouterService router = new RouterService(RouterConfig.from(Settings.of(with(common, "router.state.dir",
          dir.resolve("router").toString()))), embedder, new io.micrometer.core.instrument.simple.SimpleMeterRegistry()).start();
      Node steady = node("steady", steadyFarm, common);
      Node victim = node("victim", victimFarm, common);
      NodeAgent steadyAgent = steady.agent(embedder);
      NodeAgent victimAgent = victim.agent(embedder);
      NodeExecutor steadyExecutor = new NodeExecutor(ExecutorConfig.from(steady.settings(), Map.of()), steady.identity(), embedder,
          Clock.systemUTC(), new io.micrometer.core.instrument.simple.SimpleMeterRegistry()).start();
      Process victimExecutor = ChildJvm.start(dir, "victim-executor", "dev.atmosphere.executor.ExecutorApp",
          victim.values());
      AvroSerdes serdes = AvroSerdes.forUrl(registry.ccompatUrl());
      Topics topics = Topics.defaults();
      try (MeshClient probe = new MeshClient(new KafkaConnection(cluster.bootstrapServers(), registry.ccompatUrl(),
          Map.of()), topics);
          KafkaProducer<String, Intent> producer = producer(cluster.bootstrapServers(), serdes)) {
        await().atMost(Duration.ofSeconds(120)).until(() -> probe.explain(intent("probe-" + System.nanoTime()),
            Duration.ofSeconds(10)).map(d -> d.getCandidates().stream().filter(c -> c.getEligible()).count() == 2)
            .orElse(false));

        List<String> posted = java.util.Collections.synchronizedList(new ArrayList<>());
        List<String> faults = java.util.Collections.synchronizedList(new ArrayList<>());
        RouterService[] routers = {router};
        EmbeddedRegistry[] registries = {registry};
        java.util.concurrent.ScheduledExecutorService injector = java.util.concurrent.Executors
            .newScheduledThreadPool(4); // a slow fault (a router start waiting for the registry) delays no other
        Instant start = Instant.now();
        // the faults on their own clock, so the load keeps its pace through them
        schedule(injector, 2, faults, "broker 2 shut down", () -> cluster.brokers().get(2).shutdown());
        schedule(injector, 4, faults, "victim executor kill -9 (work in flight)",
            () -> victimExecutor.destroyForcibly().waitFor());
        schedule(injector, 7, faults, "router restarted", () -> routers[0] = restart(routers[0], common, embedder));
        schedule(injector, 10, faults, "registry stopped for 10 s", () -> registries[0].close());
        schedule(injector, 12, faults, "router restarted while the registry is down",
            () -> routers[0] = restart(routers[0], common, embedder));
        schedule(injector, 20, faults, "registry back", () -> registries[0] = startRegistry(registryPort));
        schedule(injector, 17, faults, "victim heartbeats stopped", victimAgent::close);
        // the load at a fixed rate on its own scheduler; the test waits on a latch for the last post
        CountDownLatch allPosted = new CountDownLatch(INTENTS);
        java.util.concurrent.ScheduledExecutorService load = java.util.concurrent.Executors
            .newSingleThreadScheduledExecutor();
        load.scheduleAtFixedRate(() -> {
          if (posted.size() < INTENTS) {
            String id = "fi-" + posted.size();
            producer.send(new ProducerRecord<>(topics.intents(), id, intent(id)));
            posted.add(id);
            allPosted.countDown();
          }
        }, 0, SPACING.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        assertThat(allPosted.await(INTENTS * SPACING.toMillis() + 60_000, java.util.concurrent.TimeUnit.MILLISECONDS))
            .as("the load was posted").isTrue();
        load.shutdownNow();
        producer.flush();

        Map<String, List<WorkResult>> results = new TreeMap<>();
        await().atMost(Duration.ofSeconds(180)).until(() -> {
          results.clear();
          results.putAll(readResults(cluster.bootstrapServers(), serdes, topics));
          return posted.stream().allMatch(results::containsKey);
        });
        Map<String, List<WorkResult>> settled = readResults(cluster.bootstrapServers(), serdes, topics);
        long lost = posted.stream().filter(id -> !settled.containsKey(id)).count();
        long duplicated = posted.stream().filter(id -> settled.getOrDefault(id, List.of()).size() > 1).count();
        Map<WorkStatus, Long> byStatus = new TreeMap<>();
        Map<String, Long> reasons = new TreeMap<>();
        posted.forEach(id -> settled.getOrDefault(id, List.of()).stream().findFirst().ifPresent(r -> {
          byStatus.merge(r.getStatus(), 1L, Long::sum);
          if (r.getStatus() != WorkStatus.SUCCEEDED) {
            reasons.merge(String.valueOf(r.getError()).replaceAll("[0-9a-f]{16}", "…"), 1L, Long::sum);
          }
        }));
        System.out.printf("fault injection: not succeeded, by reason: %s%n", reasons);
        System.out.printf("fault injection: %d intents posted, %d with a terminal result, %d lost, %d duplicated; "
            + "statuses %s; faults: %s%n", posted.size(), posted.size() - lost, lost, duplicated, byStatus, faults);

        assertThat(lost).as("lost").isZero();
        assertThat(duplicated).as("duplicated").isZero();
        assertThat(byStatus.getOrDefault(WorkStatus.SUCCEEDED, 0L)).as("the steady node keeps answering")
            .isPositive();
        injector.shutdownNow();
        router = routers[0];
        registry = registries[0];
      } finally {
        never.countDown();
        victimExecutor.destroyForcibly();
        router.close();
        steadyExecutor.close();
        steadyAgent.close();
        victimAgent.close();
        registry.close();
      }
    }
  }

  private interface Fault {
    void inject() throws Exception;
  }

  private static void schedule(java.util.concurrent.ScheduledExecutorService injector, int second, List<String> faults,
      String name, Fault fault) {
    injector.schedule(() -> {
      try {
        fault.inject();
        faults.add(second + " s: " + name);
      } catch (Exception e) {
        faults.add(second + " s: " + name + " FAILED: " + e);
      }
    }, second, java.util.concurrent.TimeUnit.SECONDS);
  }

  private RouterService restart(RouterService old, Map<String, String> common, Embedder embedder) {
    old.close();
    return new RouterService(RouterConfig.from(Settings.of(with(common, "router.state.dir",
        dir.resolve("router").toString()))), embedder, new io.micrometer.core.instrument.simple.SimpleMeterRegistry()).start();
  }

  private record Node(String name, NodeIdentity identity, Map<String, String> values) {
    Settings settings() {
      return Settings.of(values);
    }

    NodeAgent agent(Embedder embedder) {
      return new NodeAgent(IngestConfig.from(settings(), Map.of()), identity, embedder, LoadSource.idle(4),
          Clock.systemUTC()).start();
    }
  }

  private Node node(String name, FakeLlamaFarm farm, Map<String, String> common) {
    Path keys = dir.resolve("identity-" + name); // kept on disk: a child executor JVM signs with the same key
    NodeIdentity identity = NodeIdentity.loadOrCreate(keys, name, Optional.empty());
    Map<String, String> values = new HashMap<>(common);
    values.put("identity.dir", keys.toString());
    values.put("node.id", identity.nodeId());
    values.put("llamafarm.url", farm.url());
    return new Node(name, identity, values);
  }

  private KafkaClusterTestKit cluster() throws Exception {
    KafkaClusterTestKit cluster = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
        .setBootstrapMetadataVersion(MetadataVersion.latestProduction()).setNumBrokerNodes(3)
        .setNumControllerNodes(1).setBaseDirectory(dir.resolve("kafka")).build())
        .setConfigProp("min.insync.replicas", "2")
        .setConfigProp("default.replication.factor", "3")
        .setConfigProp("offsets.topic.replication.factor", "3")
        .setConfigProp("transaction.state.log.replication.factor", "3")
        .setConfigProp("transaction.state.log.min.isr", "2")
        .setConfigProp("group.initial.rebalance.delay.ms", "0")
        .setConfigProp("auto.create.topics.enable", "false")
        .build();
    cluster.format();
    cluster.startup();
    cluster.waitForReadyBrokers();
    return cluster;
  }

  private EmbeddedRegistry startRegistry(int port) {
    return EmbeddedRegistry.start(EmbeddedRegistry.locateJar(Path.of("..").toAbsolutePath().normalize()), port,
        dir.resolve("registry"), dir.resolve("registry.log"), Duration.ofSeconds(90));
  }

  private Map<String, String> common(String bootstrap) {
    Map<String, String> values = new HashMap<>(Map.of(KafkaConnection.BOOTSTRAP, bootstrap,
        "topics.replication.factor", "3", "ollama.host", "http://127.0.0.1:1", "heartbeat.interval", "1s",
        "discovery.interval", "500ms", "llamafarm.namespaces", "general", "builtin.embeddings", "false",
        "router.cache.enabled", "false", "router.attempt.timeout", "6s"));
    values.put("router.check.interval", "300ms");
    values.put("router.eject.cooldown", "5s");
    return values;
  }

  private static Map<String, String> with(Map<String, String> base, String key, String value) {
    Map<String, String> out = new HashMap<>(base);
    out.put(key, value);
    return out;
  }

  private static FakeLlamaFarm farm(String name) {
    return new FakeLlamaFarm().answerPrefix("answer of " + name).project("general", "assistant",
        projectConfig("general", "assistant", "m", "llama3.1:8b", "General assistant",
            "You answer everyday questions and write emails.", List.of()));
  }

  private static Intent intent(String id) {
    return Intent.newBuilder().setIntentId(id).setKind(IntentKind.CHAT).setText("write a short email to my team")
        .setCache(CacheMode.BYPASS).setConstraints(IntentConstraints.newBuilder().build())
        .setCreatedAt(Instant.now()).setDeadlineAt(Instant.now().plusSeconds(150)).build();
  }

  private static KafkaProducer<String, Intent> producer(String bootstrap, AvroSerdes serdes) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    return new KafkaProducer<>(p, serdes.keys().serializer(), serdes.intent().serializer());
  }

  /** Every terminal result on the results topic so far, by intent id (read_committed, from the beginning). */
  private static Map<String, List<WorkResult>> readResults(String bootstrap, AvroSerdes serdes, Topics topics) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    Map<String, List<WorkResult>> out = new HashMap<>();
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(p, new StringDeserializer(),
        new ByteArrayDeserializer())) {
      List<org.apache.kafka.common.TopicPartition> partitions = MeshClient.partitions(consumer, topics.results());
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<org.apache.kafka.common.TopicPartition, Long> end = consumer.endOffsets(partitions);
      while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          if (r.key() != null && r.key().startsWith("fi-")) {
            out.computeIfAbsent(r.key(), k -> new ArrayList<>())
                .add(serdes.result().deserializer().deserialize(r.topic(), r.value()));
          }
        }
      }
    }
    return out;
  }
}
