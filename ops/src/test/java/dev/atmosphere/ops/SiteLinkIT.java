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
import dev.atmosphere.schemas.CapabilityAnnouncement;
import dev.atmosphere.schemas.Intent;
import dev.atmosphere.schemas.IntentConstraints;
import dev.atmosphere.schemas.IntentKind;
import dev.atmosphere.schemas.WorkResult;
import dev.atmosphere.schemas.WorkStatus;
import dev.atmosphere.schemas.topics.Topics;
import dev.atmosphere.site.SiteInfo;
import dev.atmosphere.site.SiteLinkConfig;
import dev.atmosphere.site.SiteLinkService;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two sites, two KRaft clusters, two registries, MirrorMaker 2 between them (run by site b's link): the legal node
 * lives on site a, a coder on site b. A legal question asked at b is answered by a's legal node one hop away;
 * residency keeps a site's intents off the other cluster; a cut link leaves both sites serving their own; a link
 * that comes back delivers what it held up, and nothing is answered twice.
 */
@Timeout(420)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SiteLinkIT {

  private static final Topics topics = Topics.defaults();
  @TempDir static Path dir;
  private static final List<AutoCloseable> open = new ArrayList<>();
  private static final Map<String, String> ids = new HashMap<>();
  private static Site a;
  private static Site b;
  private static SiteLinkService link;
  private static Map<String, String> linkSettings;

  /** One site: its cluster, registry, router and client. */
  record Site(String name, EmbeddedKafka kafka, EmbeddedRegistry registry, KafkaConnection connection,
      MeshClient client, Map<String, String> settings) {}

  @BeforeAll
  static void startSites() {
    Embedder embedder = new CachingEmbedder(new MiniLmEmbedder(), 10_000);
    a = site("a", embedder);
    b = site("b", embedder);
    FakeLlamaFarm legal = close(new FakeLlamaFarm().project("legal", "contracts", projectConfig("legal", "contracts",
        "reviewer", "qwen3:8b", "Legal contract analysis", "You are a lawyer who reviews commercial contracts, "
            + "clauses, liability and termination terms.", List.of("contracts_db"))));
    FakeLlamaFarm coder = close(new FakeLlamaFarm().project("dev", "coder", projectConfig("dev", "coder", "coder",
        "qwen2.5-coder:7b", "Programming assistant", "You are a senior software engineer: you write, explain and "
            + "debug source code in Java, Python and SQL.", List.of())));
    node(a, "legal-node", legal, "legal", embedder);
    node(b, "code-node", coder, "dev", embedder);
    SiteInfo.publish(a.connection().clientProps(), topics, new SiteInfo("a", a.registry().ccompatUrl()));
    linkSettings = new HashMap<>(b.settings());
    linkSettings.put("site.link.bootstrap", a.kafka().bootstrapServers());
    linkSettings.put("site.link.state.dir", dir.resolve("link").toString());
    linkSettings.put("site.link.refresh", "1s");
    link = new SiteLinkService(SiteLinkConfig.from(Settings.of(linkSettings))).start();
    await().atMost(Duration.ofSeconds(120)).until(() -> remote(b, "llamafarm:rag:legal/contracts").isPresent()
        && remote(a, "llamafarm:llm:dev/coder").isPresent());
  }

  private static Site site(String name, Embedder embedder) {
    EmbeddedKafka kafka = close(EmbeddedKafka.start(dir.resolve(name + "/kafka"), 0));
    EmbeddedRegistry registry = close(EmbeddedRegistry.start(
        EmbeddedRegistry.locateJar(Path.of("..").toAbsolutePath().normalize()), 0,
        dir.resolve(name + "/registry.log"), Duration.ofSeconds(90)));
    Map<String, String> settings = new HashMap<>(Map.of(
        KafkaConnection.BOOTSTRAP, kafka.bootstrapServers(),
        KafkaConnection.REGISTRY, registry.ccompatUrl(),
        "site.name", name,
        "router.state.dir", dir.resolve(name + "/router").toString(),
        "router.attempt.timeout", "8s",
        "ollama.host", "http://127.0.0.1:1",
        "heartbeat.interval", "500ms",
        "heartbeat.ttl", "6s",
        "discovery.interval", "500ms"));
    close(new RouterService(RouterConfig.from(Settings.of(settings)), embedder, new io.micrometer.core.instrument.simple.SimpleMeterRegistry()).start());
    KafkaConnection connection = new KafkaConnection(kafka.bootstrapServers(), registry.ccompatUrl(), Map.of());
    return new Site(name, kafka, registry, connection, close(new MeshClient(connection, topics)), settings);
  }

  private static void node(Site site, String name, FakeLlamaFarm farm, String namespace, Embedder embedder) {
    NodeIdentity identity = NodeIdentity.ephemeral(name, Optional.empty());
    ids.put(name, identity.nodeId());
    Map<String, String> values = new HashMap<>(site.settings());
    values.put("node.id", identity.nodeId());
    values.put("llamafarm.url", farm.url());
    values.put("llamafarm.namespaces", namespace);
    values.put("builtin.embeddings", "false");
    Settings settings = Settings.of(values);
    NodeExecutor executor = close(new NodeExecutor(ExecutorConfig.from(settings, Map.of()), identity, embedder,
        Clock.systemUTC(), new io.micrometer.core.instrument.simple.SimpleMeterRegistry()).start());
    close(new NodeAgent(IngestConfig.from(settings, Map.of()), identity, embedder,
        () -> new LoadSource.Load(executor.inFlight(), executor.queued(), executor.maxConcurrent()),
        Clock.systemUTC()).start());
  }

  private static <T extends AutoCloseable> T close(T resource) {
    open.add(resource);
    return resource;
  }

  @AfterAll
  static void stop() {
    if (link != null) {
      link.close();
    }
    for (int i = open.size() - 1; i >= 0; i--) {
      try {
        open.get(i).close();
      } catch (Exception e) {
        // best effort
      }
    }
  }

  /** A capability of the other site as this site's router sees it, while its node is alive. */
  private static Optional<CapabilityAnnouncement> remote(Site site, String capabilityId) {
    MeshClient.GradientTable table = site.client().gradientTable(Duration.ofSeconds(5));
    return table.capabilities().stream().filter(c -> c.getCapabilityId().equals(capabilityId))
        .filter(c -> c.getCluster() != null)
        .filter(c -> table.nodes().containsKey(c.getNodeId())
            && table.nodes().get(c.getNodeId()).getExpiresAt().isAfter(Instant.now()))
        .findFirst();
  }

  private static Intent intent(String id, String text, String residency) {
    return Intent.newBuilder().setIntentId(id).setKind(IntentKind.CHAT).setText(text)
        .setConstraints(IntentConstraints.newBuilder().setDataResidency(residency).build())
        .setCreatedAt(Instant.now()).setDeadlineAt(Instant.now().plusSeconds(180)).build();
  }

  private static MeshClient.Answer ask(Site site, Intent intent) {
    return site.client().submit(intent, Duration.ofSeconds(60)).orElseThrow(() -> new AssertionError(
        "no result for " + intent.getIntentId() + " at site " + site.name()));
  }

  @Test
  @Order(1)
  void shouldAnswerALegalQuestionAskedAtSiteBOnSiteAsLegalNodeOneHopAway() {
    assertThat(remote(b, "llamafarm:rag:legal/contracts")).hasValueSatisfying(c -> {
      assertThat(c.getCluster()).isEqualTo("a");
      assertThat(c.getHops()).isEqualTo(1);
    });

    MeshClient.Answer answer = ask(b, intent("x-legal", "summarise the termination and liability clauses of this "
        + "supplier contract", null));

    assertThat(answer.result().getStatus()).isEqualTo(WorkStatus.SUCCEEDED);
    assertThat(answer.result().getNodeId()).isEqualTo(ids.get("legal-node"));
    assertThat(answer.result().getOutput()).startsWith("answer from legal/contracts to: summarise the termination");
    assertThat(answer.route()).hasValueSatisfying(r -> {
      assertThat(r.getChosenSite()).isEqualTo("a");
      assertThat(r.getHops()).isEqualTo(1);
      assertThat(r.getWorkTopic()).isEqualTo(topics.sites().outbox("a", "work"));
    });
    MeshClient.Answer local = ask(b, intent("x-code", "write a Python function that parses a CSV file", null));
    assertThat(local.result().getNodeId()).isEqualTo(ids.get("code-node"));
    assertThat(local.route()).hasValueSatisfying(r -> assertThat(r.getHops()).isZero());
  }

  @Test
  @Order(2)
  void shouldNeverCopyAnIntentHeldToItsSiteToTheOtherCluster() throws Exception {
    String markerA = "resA-7f3a-marker";
    String markerB = "resB-91c2-marker";
    MeshClient.Answer atA = ask(a, intent("x-res-a", "summarise the termination clause of contract " + markerA, "a"));
    MeshClient.Answer atB = ask(b, intent("x-res-b", "review the liability clause of contract " + markerB, "b"));

    assertThat(atA.result().getNodeId()).isEqualTo(ids.get("legal-node"));
    assertThat(atB.result().getNodeId()).isNotEqualTo(ids.get("legal-node"));
    byte[] probeA = markerA.getBytes(StandardCharsets.UTF_8);
    byte[] probeB = markerB.getBytes(StandardCharsets.UTF_8);
    assertThat(TopicScan.holding(a.kafka().bootstrapServers(), probeA)).as("the probe finds it where it is")
        .contains(topics.intents(), topics.work(ids.get("legal-node")));
    assertThat(TopicScan.holding(b.kafka().bootstrapServers(), probeB)).contains(topics.intents());
    assertThat(TopicScan.holding(b.kafka().bootstrapServers(), probeA)).as("site a's text on site b's cluster")
        .isEmpty();
    assertThat(TopicScan.holding(a.kafka().bootstrapServers(), probeB)).as("site b's text on site a's cluster")
        .isEmpty();
  }

  @Test
  @Order(3)
  void shouldKeepBothSitesServingWhenTheLinkIsCutAndAnswerOnceWhenItComesBack() throws Exception {
    link.close();
    // asked at once, before a's nodes expire on b: it goes to a's outbox and is held there by the cut
    MeshClient.Answer held = ask(b, intent("x-held", "summarise the termination clause of this lease contract",
        null));
    assertThat(held.result().getNodeId()).as("failed over on its own site").isNotEqualTo(ids.get("legal-node"));
    await().atMost(Duration.ofSeconds(30)).until(() -> remote(b, "llamafarm:rag:legal/contracts").isEmpty());
    assertThat(ask(b, intent("x-cut-b", "debug this Java stack trace", null)).result().getNodeId())
        .isEqualTo(ids.get("code-node"));
    assertThat(ask(a, intent("x-cut-a", "review the indemnity clause of this contract", null)).result().getNodeId())
        .isEqualTo(ids.get("legal-node"));

    link = new SiteLinkService(SiteLinkConfig.from(Settings.of(linkSettings))).start();
    await().atMost(Duration.ofSeconds(120)).until(() -> remote(b, "llamafarm:rag:legal/contracts").isPresent());
    // the held unit crossed and came back as an attempt from site a, which b's router must not answer again
    await().atMost(Duration.ofSeconds(60)).until(() -> read(b, topics.attempts()).stream()
        .anyMatch(r -> r.key().equals("x-held") && ids.get("legal-node").equals(r.value().getNodeId())));
    await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(20)).untilAsserted(() ->
        assertThat(resultCounts(b)).containsEntry("x-held", 1).containsEntry("x-legal", 1)
            .containsEntry("x-cut-b", 1).containsEntry("x-res-b", 1).allSatisfy((k, n) -> assertThat(n).isOne()));
  }

  private static Map<String, Integer> resultCounts(Site site) {
    Map<String, Integer> counts = new HashMap<>();
    read(site, topics.results()).forEach(r -> counts.merge(r.key(), 1, Integer::sum));
    return counts;
  }

  private static List<ConsumerRecord<String, WorkResult>> read(Site site, String topic) {
    List<ConsumerRecord<String, WorkResult>> out = new ArrayList<>();
    var deserializer = site.client().serdes().result().deserializer();
    try (var consumer = site.client().tailConsumer()) {
      var parts = MeshClient.partitions(consumer, topic);
      consumer.assign(parts);
      consumer.seekToBeginning(parts);
      var end = consumer.endOffsets(parts);
      await().atMost(Duration.ofSeconds(30)).until(() -> {
        consumer.poll(Duration.ofMillis(200)).forEach(r -> out.add(new ConsumerRecord<>(r.topic(), r.partition(),
            r.offset(), r.key(), deserializer.deserialize(r.topic(), r.value()))));
        return parts.stream().allMatch(tp -> consumer.position(tp) >= end.get(tp));
      });
    }
    return out;
  }
}
