package dev.atmosphere.bench;

import dev.atmosphere.common.config.Settings;
import dev.atmosphere.common.embed.Embedder;
import dev.atmosphere.common.identity.NodeIdentity;
import dev.atmosphere.common.kafka.KafkaConnection;
import dev.atmosphere.ops.embedded.EmbeddedKafka;
import dev.atmosphere.ops.embedded.EmbeddedRegistry;
import dev.atmosphere.router.RouterConfig;
import dev.atmosphere.router.RouterService;
import dev.atmosphere.router.eval.RoutingEvaluation;
import dev.atmosphere.schemas.CapabilityAnnouncement;
import dev.atmosphere.schemas.Intent;
import dev.atmosphere.schemas.IntentConstraints;
import dev.atmosphere.schemas.IntentKind;
import dev.atmosphere.schemas.NodeMode;
import dev.atmosphere.schemas.NodeStatus;
import dev.atmosphere.schemas.WorkUnit;
import dev.atmosphere.schemas.serde.AvroSerdes;
import dev.atmosphere.schemas.topics.TopicProvisioner;
import dev.atmosphere.schemas.topics.Topics;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Intent → work-topic latency through a real broker, registry and the exactly-once router: intents posted at a
 * fixed rate (each text unique, so every one is embedded), measured from the intent's creation to the work
 * unit's arrival on the chosen node's work topic: as the node's executor reads it (as written, before the router's
 * transaction commits) and once committed, the same intents timed by both readers.
 */
final class PipelineLatencyBench {

  private static final int WARM_UP_SECONDS = Integer.getInteger("atmosphere.bench.warmup.seconds", 30);

  private PipelineLatencyBench() {}

  static void run(PrintWriter out, Path home, Path workDir, Embedder embedder, int ratePerSecond, int seconds) {
    try (EmbeddedKafka kafka = EmbeddedKafka.start(workDir.resolve("kafka"), 0);
        EmbeddedRegistry registry = EmbeddedRegistry.start(EmbeddedRegistry.locateJar(home), 0,
            workDir.resolve("registry.log"), Duration.ofSeconds(90))) {
      KafkaConnection connection = new KafkaConnection(kafka.bootstrapServers(), registry.ccompatUrl(), Map.of());
      AvroSerdes serdes = AvroSerdes.forUrl(registry.ccompatUrl());
      NodeIdentity node = NodeIdentity.ephemeral("eval", java.util.Optional.empty());
      Topics topics = Topics.defaults();
      Map<String, String> values = new java.util.HashMap<>(Map.of(KafkaConnection.BOOTSTRAP,
          kafka.bootstrapServers(), KafkaConnection.REGISTRY, registry.ccompatUrl(), "router.state.dir",
          workDir.resolve("router").toString(), "router.embedding.lookahead",
          System.getProperty("atmosphere.bench.lookahead", "true")));
      RouterConfig routerConfig = RouterConfig.from(Settings.of(values));
      announce(connection, serdes, topics, node);
      TimedEmbedder timed = new TimedEmbedder(embedder);
      try (RouterService router = new RouterService(routerConfig, timed, new io.micrometer.core.instrument.simple.SimpleMeterRegistry()).start();
          KafkaProducer<String, Intent> producer = new KafkaProducer<>(connection.clientProps(),
              serdes.keys().serializer(), serdes.intent().serializer());
          KafkaConsumer<String, WorkUnit> consumer = workConsumer(connection, serdes, topics.work(node.nodeId()));
          KafkaConsumer<String, WorkUnit> committed = workConsumer(connection, serdes, topics.work(node.nodeId()),
              "read_committed")) {
        // registry ids, caches, and the JIT, which compiles the fresh broker and router for the first half minute
        measure(null, producer, List.of(consumer, committed), topics, ratePerSecond, WARM_UP_SECONDS, "warmup-", false);
        // one reader at a time, as a node has one executor: the work as it reads it, then once committed
        measure(out, producer, List.of(consumer), topics, ratePerSecond, seconds, "bench-", false);
        measure(out, producer, List.of(committed), topics, ratePerSecond, seconds / 2, "committed-", true);
        router.lookahead().ifPresentOrElse(l -> out.printf("  router.embedding.lookahead: %d texts embedded ahead of "
            + "the stream thread, %d of them still running when it asked (it waited)%n", l.aheadCount(),
            l.waitedCount()), () -> out.println("  router.embedding.lookahead: off"));
        timed.reset();
        throughput(out, producer, consumer, topics, 1500, true, "router.stream.threads "
            + routerConfig.streamThreads());
        out.printf("  of which the router embedding the texts: %d calls, %.1f s (%.2f ms each, on the cores it shares"
            + " with the broker)%n", timed.calls(), timed.seconds(), timed.seconds() * 1000 / Math.max(1, timed.calls()));
        throughput(out, producer, consumer, topics, 1500, false, "");
      }
      // the same mesh on topics of its own with the stream thread embedding every intent itself, as before
      // router.embedding.lookahead: the figures above against these, within this run
      Topics alone = new Topics("alone", 3);
      Map<String, String> without = new java.util.HashMap<>(values);
      without.putAll(Map.of("topics.prefix", "alone", "router.application.id", "alone-router",
          "router.state.dir", workDir.resolve("router-alone").toString(), "router.embedding.lookahead",
          Boolean.toString(!routerConfig.embeddingLookahead())));
      announce(connection, serdes, alone, node);
      try (RouterService router = new RouterService(RouterConfig.from(Settings.of(without)), embedder,
              new io.micrometer.core.instrument.simple.SimpleMeterRegistry()).start();
          KafkaProducer<String, Intent> producer = new KafkaProducer<>(connection.clientProps(),
              serdes.keys().serializer(), serdes.intent().serializer());
          KafkaConsumer<String, WorkUnit> consumer = workConsumer(connection, serdes, alone.work(node.nodeId()))) {
        measure(null, producer, consumer, alone, ratePerSecond, Math.max(10, WARM_UP_SECONDS / 3), "warmup-");
        String other = "router.embedding.lookahead " + !routerConfig.embeddingLookahead();
        out.print("  " + other + ", same run: ");
        measure(out, producer, consumer, alone, ratePerSecond, seconds, "bench-");
        throughput(out, producer, consumer, alone, 1500, true, other);
      }
      // the same mesh on topics of its own with two stream threads (router.stream.threads): a ratio within this run
      // (on the same topics a new router would first route every earlier intent again)
      Topics threads = new Topics("threads", 3);
      values.putAll(Map.of("topics.prefix", "threads", "router.application.id", "threads-router",
          "router.state.dir", workDir.resolve("router-threads").toString(), "router.stream.threads", "2"));
      announce(connection, serdes, threads, node);
      try (RouterService router = new RouterService(RouterConfig.from(Settings.of(values)), embedder, new io.micrometer.core.instrument.simple.SimpleMeterRegistry()).start();
          KafkaProducer<String, Intent> producer = new KafkaProducer<>(connection.clientProps(),
              serdes.keys().serializer(), serdes.intent().serializer());
          KafkaConsumer<String, WorkUnit> consumer = workConsumer(connection, serdes, threads.work(node.nodeId()))) {
        measure(null, producer, consumer, threads, ratePerSecond, 3, "warmup-");
        throughput(out, producer, consumer, threads, 1500, true, "router.stream.threads 2");
      }
    }
  }

  /** Topics, the labeled catalogue and one live node (which never takes its work: the bench reads its topic). */
  private static void announce(KafkaConnection connection, AvroSerdes serdes, Topics topics, NodeIdentity node) {
    List<CapabilityAnnouncement> catalogue = RoutingEvaluation.catalogue().stream()
        .map(c -> node.sign(CapabilityAnnouncement.newBuilder(c).setNodeId(node.nodeId()).build(),
            r -> CapabilityAnnouncement.newBuilder(r).setPublicKey(node.publicKeyBuffer()).setSignature(null).build()))
        .toList();
    try (Admin admin = Admin.create(connection.clientProps())) {
      var specs = new ArrayList<>(topics.shared());
      specs.add(topics.workSpec(node.nodeId()));
      new TopicProvisioner(admin, topics, Duration.ofSeconds(60)).ensure(specs);
    }
    Instant now = Instant.now();
    try (KafkaProducer<String, CapabilityAnnouncement> caps = new KafkaProducer<>(connection.clientProps(),
            serdes.keys().serializer(), serdes.capability().serializer());
        KafkaProducer<String, NodeStatus> status = new KafkaProducer<>(connection.clientProps(),
            serdes.keys().serializer(), serdes.nodeStatus().serializer())) {
      catalogue.forEach(c -> caps.send(new ProducerRecord<>(topics.capabilities(),
          Topics.capabilityKey(c.getNodeId(), c.getCapabilityId()), c)));
      status.send(new ProducerRecord<>(topics.nodeStatus(), node.nodeId(), node.sign(NodeStatus.newBuilder()
          .setNodeId(node.nodeId()).setMode(NodeMode.PARTICIPANT).setLoad(0.2).setQueueDepth(0).setInFlight(0)
          .setMaxConcurrent(8).setWorkTopic(topics.work(node.nodeId())).setReportedAt(now)
          .setExpiresAt(now.plus(Duration.ofHours(1))).setSequence(1).build(),
          r -> NodeStatus.newBuilder(r).setPublicKey(node.publicKeyBuffer()).setSignature(null).build())));
    }
  }

  /** As fast as possible: every intent posted at once, timed until the last work unit arrives. */
  private static void throughput(PrintWriter out, KafkaProducer<String, Intent> producer,
      KafkaConsumer<String, WorkUnit> consumer, Topics topics, int n, boolean uniqueTexts, String label) {
    String prefix = (uniqueTexts ? "tput-u-" : "tput-r-") + label.replaceAll("\\D", "") + "-";
    String[] texts = {"summarise the termination clause of contract", "fix the bug in this Java method",
        "what was revenue in quarter", "how many vacation days for employee", "translate this note into French"};
    long start = System.nanoTime();
    for (int i = 0; i < n; i++) {
      String id = prefix + i;
      String text = uniqueTexts ? texts[i % texts.length] + " " + id : texts[i % texts.length];
      producer.send(new ProducerRecord<>(topics.intents(), id, Intent.newBuilder().setIntentId(id)
          .setKind(IntentKind.CHAT).setText(text).setConstraints(IntentConstraints.newBuilder().build())
          .setCreatedAt(Instant.now()).build()));
    }
    producer.flush();
    int seen = 0;
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    while (seen < n && System.nanoTime() < deadline) {
      for (var r : consumer.poll(Duration.ofMillis(50))) {
        if (r.key().startsWith(prefix)) {
          seen++;
        }
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    out.printf("pipeline throughput, %d intents posted at once, %s texts%s: %d routed in %.1f s = %.0f intents/s%n",
        n, uniqueTexts ? "unique (each embedded)" : "5 repeated (embedding cache)",
        label.isEmpty() ? "" : ", " + label, seen, seconds, seen / seconds);
    out.flush();
  }

  private static KafkaConsumer<String, WorkUnit> workConsumer(KafkaConnection c, AvroSerdes serdes, String workTopic) {
    return workConsumer(c, serdes, workTopic, "read_uncommitted");
  }

  private static KafkaConsumer<String, WorkUnit> workConsumer(KafkaConnection c, AvroSerdes serdes, String workTopic,
      String isolation) {
    Properties p = c.clientProps();
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
    KafkaConsumer<String, WorkUnit> consumer = new KafkaConsumer<>(p, serdes.keys().deserializer(),
        serdes.work().deserializer());
    var tp = new org.apache.kafka.common.TopicPartition(workTopic, 0);
    consumer.assign(List.of(tp));
    consumer.seekToEnd(List.of(tp));
    consumer.position(tp);
    return consumer;
  }

  private static void measure(PrintWriter out, KafkaProducer<String, Intent> producer,
      KafkaConsumer<String, WorkUnit> consumer, Topics topics, int rate, int seconds, String prefix) {
    measure(out, producer, List.of(consumer), topics, rate, seconds, prefix, false);
  }

  private static void measure(PrintWriter out, KafkaProducer<String, Intent> producer,
      List<KafkaConsumer<String, WorkUnit>> consumers, Topics topics, int rate, int seconds, String prefix,
      boolean committed) {
    PacedIntents.measure(out, producer, consumers, topics, rate, seconds, prefix, committed);
  }

}
