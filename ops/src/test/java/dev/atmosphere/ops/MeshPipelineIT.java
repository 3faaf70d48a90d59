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
import dev.atmosphere.ops.embedded.EmbeddedKafka;
import dev.atmosphere.ops.embedded.EmbeddedRegistry;
import dev.atmosphere.router.RouterConfig;
import dev.atmosphere.router.RouterService;
import dev.atmosphere.schemas.Intent;
import dev.atmosphere.schemas.IntentConstraints;
import dev.atmosphere.schemas.IntentKind;
import dev.atmosphere.schemas.WorkResult;
import dev.atmosphere.schemas.WorkStatus;
import dev.atmosphere.schemas.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The foundation path end to end through a real KRaft broker and a real schema registry: two nodes, each a
 * node agent + executor in front of its own faithful fake LlamaFarm (legal RAG project on one, coding model on
 * the other), and the router between them.
 */
@Timeout(300)
class MeshPipelineIT {

  @TempDir static Path dir;
  private static EmbeddedKafka kafka;
  private static EmbeddedRegistry registry;
  private static FakeLlamaFarm legalFarm;
  private static FakeLlamaFarm codeFarm;
  private static RouterService router;
  private static final io.micrometer.core.instrument.simple.SimpleMeterRegistry routerMeters =
      new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
  private static final Map<String, NodeAgent> agents = new HashMap<>();
  private static final Map<String, NodeExecutor> executors = new HashMap<>();
  private static KafkaConnection connection;
  private static MeshClient client;
  private static final Topics topics = Topics.defaults();

  @BeforeAll
  static void startMesh() {
    kafka = EmbeddedKafka.start(dir.resolve("kafka"), 0);
    registry = EmbeddedRegistry.start(EmbeddedRegistry.locateJar(Path.of("..").toAbsolutePath().normalize()), 0,
        dir.resolve("registry.log"), Duration.ofSeconds(90));
    connection = new KafkaConnection(kafka.bootstrapServers(), registry.ccompatUrl(), Map.of());
    legalFarm = new FakeLlamaFarm().project("legal", "contracts", projectConfig("legal", "contracts", "reviewer",
        "qwen3:8b", "Legal contract analysis", "You are a lawyer who reviews commercial contracts, clauses, "
            + "liability and termination terms.", List.of("contracts_db")));
    codeFarm = new FakeLlamaFarm().project("dev", "coder", projectConfig("dev", "coder", "coder", "qwen2.5-coder:7b",
        "Programming assistant", "You are a senior software engineer: you write, explain and debug source code "
            + "in Java, Python and SQL.", List.of()));
    Embedder embedder = new CachingEmbedder(new MiniLmEmbedder(), 10_000);
    Map<String, String> common = Map.of(
        KafkaConnection.BOOTSTRAP, kafka.bootstrapServers(),
        KafkaConnection.REGISTRY, registry.ccompatUrl(),
        "router.state.dir", dir.resolve("router").toString(),
        "ollama.host", "http://127.0.0.1:1",
        "heartbeat.interval", "300ms",
        "heartbeat.ttl", "1500ms",
        "router.heartbeat.lapse", "1s", // how long a lapsed heartbeat is taken for a late one (FailoverTest)
        "discovery.interval", "500ms");
    router = new RouterService(RouterConfig.from(Settings.of(common)), embedder, routerMeters).start();
    startNode("legal-node", legalFarm, "legal", common, embedder);
    startNode("code-node", codeFarm, "dev", common, embedder);
    client = new MeshClient(connection, topics);
    await().atMost(Duration.ofSeconds(60)).until(() -> client.gradientTable(Duration.ofSeconds(5)).capabilities()
        .stream().map(c -> c.getCapabilityId()).toList()
        .containsAll(List.of("llamafarm:rag:legal/contracts", "llamafarm:llm:dev/coder")));
  }

  private static final Map<String, String> ids = new HashMap<>();

  private static void startNode(String name, FakeLlamaFarm farm, String namespace, Map<String, String> common,
      Embedder embedder) {
    NodeIdentity identity = NodeIdentity.ephemeral(name, java.util.Optional.empty());
    String nodeId = identity.nodeId();
    ids.put(name, nodeId);
    Map<String, String> values = new HashMap<>(common);
    values.put("node.id", nodeId);
    values.put("llamafarm.url", farm.url());
    values.put("llamafarm.namespaces", namespace);
    values.put("builtin.embeddings", Boolean.toString(name.equals("code-node")));
    Settings settings = Settings.of(values);
    NodeExecutor executor = new NodeExecutor(ExecutorConfig.from(settings, Map.of()), identity, embedder, Clock.systemUTC(), new io.micrometer.core.instrument.simple.SimpleMeterRegistry())
        .start();
    NodeAgent agent = new NodeAgent(IngestConfig.from(settings, Map.of()), identity, embedder,
        () -> new LoadSource.Load(executor.inFlight(), executor.queued(), executor.maxConcurrent()),
        Clock.systemUTC()).start();
    executors.put(name, executor);
    agents.put(name, agent);
  }

  @AfterAll
  static void stopMesh() {
    if (client != null) {
      client.close();
    }
    agents.values().forEach(NodeAgent::close);
    executors.values().forEach(NodeExecutor::close);
    if (router != null) {
      router.close();
    }
    if (legalFarm != null) {
      legalFarm.close();
      codeFarm.close();
    }
    if (registry != null) {
      registry.close();
    }
    if (kafka != null) {
      kafka.close();
    }
  }

  private static Intent intent(String id, IntentKind kind, String text) {
    return Intent.newBuilder().setIntentId(id).setKind(kind).setText(text)
        .setConstraints(IntentConstraints.newBuilder().build()).setCreatedAt(Instant.now()).build();
  }

  private static MeshClient.Answer ask(Intent intent) {
    return client.submit(intent, Duration.ofSeconds(60)).orElseThrow(() -> new AssertionError(
        "no result for " + intent.getIntentId()));
  }

  @Test
  void shouldRouteEachIntentByMeaningAndAnswerExactlyOnceWhenBothNodesAreUp() {
    MeshClient.Answer legal = ask(intent("it-legal", IntentKind.CHAT,
        "summarise the termination and liability clauses of this supplier contract"));
    MeshClient.Answer code = ask(intent("it-code", IntentKind.CHAT,
        "write a Python function that parses a CSV file and fix its off-by-one bug"));
    MeshClient.Answer embed = ask(intent("it-embed", IntentKind.EMBED, "termination clause"));

    assertThat(legal.result().getStatus()).isEqualTo(WorkStatus.SUCCEEDED);
    assertThat(legal.result().getNodeId()).isEqualTo(ids.get("legal-node"));
    assertThat(legal.result().getOutput()).startsWith("answer from legal/contracts to: summarise the termination");
    assertThat(legal.route()).hasValueSatisfying(r -> assertThat(r.getChosenCapabilityId())
        .isEqualTo("llamafarm:rag:legal/contracts"));
    assertThat(legalFarm.requests("/v1/projects/legal/contracts/chat/completions")).isNotEmpty()
        .allSatisfy(req -> assertThat(req.header("X-No-Session")).isEqualTo("true"));
    assertThat(code.result().getNodeId()).isEqualTo(ids.get("code-node"));
    assertThat(code.result().getCapabilityId()).isEqualTo("llamafarm:llm:dev/coder");
    assertThat(embed.result().getStatus()).isEqualTo(WorkStatus.SUCCEEDED);
    assertThat(embed.result().getCapabilityId()).isEqualTo("builtin:embeddings:all-MiniLM-L6-v2");
    assertThat(embed.result().getOutput().split(",")).hasSize(384);
    // one at a time, each intent is the stream thread's own; a burst posted in one batch is embedded ahead
    List<String> burst = java.util.stream.IntStream.range(0, 6).mapToObj(i -> "it-burst-" + i).toList();
    long aheadBefore = router.lookahead().map(l -> l.aheadCount()).orElse(0L);
    Properties batched = MeshClient.producerProps(connection);
    batched.put(org.apache.kafka.clients.producer.ProducerConfig.LINGER_MS_CONFIG, "50");
    try (KafkaProducer<String, Intent> producer = new KafkaProducer<>(batched, client.serdes().keys().serializer(),
        client.serdes().intent().serializer())) {
      burst.forEach(id -> producer.send(new ProducerRecord<>(topics.intents(), id, intent(id, IntentKind.CHAT,
          "summarise clause " + id.substring(9) + " of this supplier contract"))));
    }
    await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(resultCounts(burst)).hasSize(burst.size()));
    assertThat(router.lookahead()).as("router.embedding.lookahead is on by default").hasValueSatisfying(l ->
        assertThat(l.aheadCount()).as("texts of the burst embedded ahead, told by the main consumer's interceptor")
            .isGreaterThan(aheadBefore));
    assertThat(routerMeters.get("atmosphere.router.embedding.lookahead").functionCounter().count())
        .as("counted where operators see it").isPositive();

    await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10)).untilAsserted(() ->
        assertThat(resultCounts(List.of("it-legal", "it-code", "it-embed")))
            .containsExactlyInAnyOrderEntriesOf(Map.of("it-legal", 1, "it-code", 1, "it-embed", 1)));
  }

  @Test
  void shouldAnswerAQuickRequestWhileALongOneOnTheSameNodeStillRuns() throws Exception {
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    codeFarm.holdChatsMentioning("SLOWLY", release);
    java.util.concurrent.CompletableFuture<MeshClient.Answer> slow;
    try {
      slow = java.util.concurrent.CompletableFuture.supplyAsync(() -> ask(intent("it-slow", IntentKind.CHAT,
          "Refactor this Java class SLOWLY and explain each step")));
      await().atMost(Duration.ofSeconds(30)).until(() -> codeFarm.chatsStarted() > 0 && !slow.isDone());

      MeshClient.Answer quick = ask(intent("it-quick", IntentKind.CHAT,
          "Explain this Python stack trace: KeyError in a dict lookup"));

      assertThat(quick.result().getStatus()).isEqualTo(WorkStatus.SUCCEEDED);
      assertThat(quick.result().getNodeId()).isEqualTo(ids.get("code-node"));
      assertThat(slow).as("the long request is still running on the same node").isNotDone();
      try (var admin = org.apache.kafka.clients.admin.Admin.create(connection.clientProps())) {
        var committed = admin.listConsumerGroupOffsets("atmosphere-executor-" + ids.get("code-node"))
            .partitionsToOffsetAndMetadata().get().values();
        assertThat(committed).as("the quick unit committed past the slow one, listed in the offset's metadata")
            .anySatisfy(o -> assertThat(o.metadata()).startsWith("atmosphere-done:"));
      }
    } finally {
      release.countDown();
      codeFarm.holdChats(null);
    }
    assertThat(slow.get(60, java.util.concurrent.TimeUnit.SECONDS).result().getStatus())
        .isEqualTo(WorkStatus.SUCCEEDED);
  }

  @Test
  void shouldStreamToAClientOnlyThePiecesTheRoutedNodeSigned() throws Exception {
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    codeFarm.holdStreamAfterFirstPiece(release);
    NodeIdentity attacker = NodeIdentity.ephemeral("attacker", java.util.Optional.empty());
    dev.atmosphere.schemas.serde.AvroSerdes serdes = dev.atmosphere.schemas.serde.AvroSerdes.forUrl(registry.ccompatUrl());
    Intent intent = Intent.newBuilder(intent("it-forged-chunks", IntentKind.CHAT,
        "write a Java function that reverses a string and explain the code")).setStream(true).build();
    List<String> streamed = new java.util.concurrent.CopyOnWriteArrayList<>();

    try (KafkaProducer<String, dev.atmosphere.schemas.ResultChunk> forger = new KafkaProducer<>(
        MeshClient.producerProps(connection), serdes.keys().serializer(), serdes.chunk().serializer())) {
      MeshClient.Answer answer = client.submit(intent, Duration.ofSeconds(60), chunk -> {
        streamed.add(chunk.getDelta());
        if (release.getCount() > 0) { // the stream holds after its first piece: slip two forged ones in
          dev.atmosphere.schemas.ResultChunk forged = dev.atmosphere.schemas.ResultChunk.newBuilder(chunk)
              .setDelta(" FORGED-UNSIGNED").setSequence(1).setPublicKey(null).setSignature(null).build();
          dev.atmosphere.schemas.ResultChunk other = attacker.sign(dev.atmosphere.schemas.ResultChunk.newBuilder(chunk)
              .setDelta(" FORGED-SIGNED").setSequence(1).setNodeId(attacker.nodeId()).build(),
              c -> dev.atmosphere.schemas.ResultChunk.newBuilder(c).setPublicKey(attacker.publicKeyBuffer())
                  .setSignature(null).build());
          try {
            forger.send(new ProducerRecord<>(topics.resultChunks(), intent.getIntentId(), forged)).get();
            forger.send(new ProducerRecord<>(topics.resultChunks(), intent.getIntentId(), other)).get();
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
          release.countDown(); // the rest of the answer is written after the forged pieces, in the same partition
        }
      }).orElseThrow();

      assertThat(answer.result().getStatus()).isEqualTo(WorkStatus.SUCCEEDED);
      assertThat(streamed).as("every real piece, read past the forged ones").hasSizeGreaterThan(1)
          .noneMatch(d -> d.contains("FORGED"));
      assertThat(String.join("", streamed)).isEqualTo(answer.result().getOutput());
    }
  }

  @Test
  void shouldFailOverAndThenReportFailedWithTheStatusWhenEveryLlamaFarmAnswers500() {
    codeFarm.failNextChats(1, 500);
    legalFarm.failNextChats(1, 500);

    WorkResult result = ask(intent("it-500", IntentKind.CHAT, "refactor this Java class to remove duplicated code"))
        .result();

    assertThat(result.getStatus()).isEqualTo(WorkStatus.FAILED);
    assertThat(result.getHttpStatus()).isEqualTo(500);
    assertThat(result.getErrorKind()).isEqualTo("HTTP_STATUS");
    assertThat(result.getTriedNodes()).first().isEqualTo(ids.get("code-node"));
    assertThat(result.getAttempts()).isEqualTo(result.getTriedNodes().size());
    legalFarm.failNextChats(0, 500);
  }

  @Test
  void shouldSendAnUndecodableWorkUnitToTheDlqAndKeepExecuting() {
    Properties p = connection.clientProps();
    try (KafkaProducer<String, byte[]> raw = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
      raw.send(new ProducerRecord<>(topics.work(ids.get("code-node")), "garbage", "{not avro}".getBytes(StandardCharsets.UTF_8)));
    }

    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      ConsumerRecord<byte[], byte[]> dead = read(topics.workDlq()).stream()
          .filter(r -> "garbage".equals(r.key() == null ? null : new String(r.key(), StandardCharsets.UTF_8)))
          .findFirst().orElseThrow();
      assertThat(new String(dead.headers().lastHeader("__streams.errors.message").value(), StandardCharsets.UTF_8))
          .contains("not in the Confluent Avro wire format");
      assertThat(new String(dead.headers().lastHeader("x-node-id").value(), StandardCharsets.UTF_8))
          .isEqualTo(ids.get("code-node"));
    });
    assertThat(ask(intent("it-after-dlq", IntentKind.CHAT, "explain this SQL query join")).result().getStatus())
        .isEqualTo(WorkStatus.SUCCEEDED);
  }

  @Test
  void shouldStopRoutingToANodeWhenItStopsHeartbeating() {
    NodeAgent silent = agents.get("legal-node");
    silent.stopHeartbeats();
    await().atMost(Duration.ofSeconds(20)).until(() -> {
      var status = client.gradientTable(Duration.ofSeconds(5)).nodes().get(ids.get("legal-node"));
      return status != null && status.getExpiresAt().isBefore(Instant.now().minusSeconds(1)); // lapse passed
    });

    MeshClient.Answer answer = ask(intent("it-dead", IntentKind.RAG,
        "summarise the termination clauses of this supplier contract"));

    assertThat(answer.result().getStatus()).isEqualTo(WorkStatus.NO_ROUTE);
    assertThat(answer.route()).hasValueSatisfying(r -> assertThat(r.getCandidates())
        .filteredOn(c -> c.getNodeId().equals(ids.get("legal-node")))
        .allSatisfy(c -> assertThat(c.getRejectReason()).startsWith("node heartbeat expired")));
  }

  private static Map<String, Integer> resultCounts(List<String> ids) {
    Map<String, Integer> counts = new HashMap<>();
    for (ConsumerRecord<byte[], byte[]> r : read(topics.results())) {
      String key = new String(r.key(), StandardCharsets.UTF_8);
      if (ids.contains(key)) {
        counts.merge(key, 1, Integer::sum);
      }
    }
    return counts;
  }

  private static List<ConsumerRecord<byte[], byte[]>> read(String topic) {
    Properties p = connection.clientProps();
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(),
        new ByteArrayDeserializer())) {
      var partitions = consumer.partitionsFor(topic).stream()
          .map(i -> new org.apache.kafka.common.TopicPartition(topic, i.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      var end = consumer.endOffsets(partitions);
      List<ConsumerRecord<byte[], byte[]>> out = new java.util.ArrayList<>();
      Instant deadline = Instant.now().plusSeconds(10);
      while (Instant.now().isBefore(deadline) && partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
        consumer.poll(Duration.ofMillis(200)).forEach(out::add);
      }
      return out;
    }
  }
}
