package dev.atmosphere.ops;

import dev.atmosphere.client.MeshClient;
import static dev.atmosphere.common.testing.FakeLlamaFarm.projectConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
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
import dev.atmosphere.ops.acl.MeshAcls;
import dev.atmosphere.ops.embedded.EmbeddedRegistry;
import dev.atmosphere.router.RouterConfig;
import dev.atmosphere.router.RouterService;
import dev.atmosphere.schemas.Intent;
import dev.atmosphere.schemas.IntentKind;
import dev.atmosphere.schemas.WorkStatus;
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
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.test.JaasUtils;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.server.common.MetadataVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The compose stack's ACL set, proven without Docker: a KRaft cluster with SASL on every listener (no ANONYMOUS super
 * user), the standard authorizer and deny-by-default; the router and a node each log in with their own SCRAM-SHA-512
 * principal under exactly {@link MeshAcls}. A whole intent is answered; the node cannot read another node's work topic,
 * write another node's work or the results topic; the monitoring job's principal reads what it watches and writes
 * alerts, and nothing else it was tried on; a principal with no ACLs can read nothing.
 */
@Timeout(300)
class AclsIT {

  @TempDir Path dir;

  @Test
  void shouldAnswerAnIntentUnderLeastPrivilegeAndRefuseWhatANodeMayNotDo() throws Exception {
    try (KafkaClusterTestKit cluster = cluster(); FakeLlamaFarm farm = new FakeLlamaFarm().answerPrefix("answer")
        .project("general", "assistant", projectConfig("general", "assistant", "m", "llama3.1:8b",
            "General assistant", "You answer everyday questions and write emails.", List.of()));
        EmbeddedRegistry registry = EmbeddedRegistry.start(EmbeddedRegistry.locateJar(
            Path.of("..").toAbsolutePath().normalize()), 0, dir.resolve("registry.log"), Duration.ofSeconds(90))) {
      Topics topics = Topics.defaults();
      NodeIdentity alice = NodeIdentity.ephemeral("alice", Optional.empty());
      String bobsWork = topics.work(NodeIdentity.ephemeral("bob", Optional.empty()).nodeId());
      try (Admin admin = Admin.create(plainAdmin(cluster.bootstrapServers()))) {
        admin.alterUserScramCredentials(List.of(scram("router"), scram("alice"), scram("mallory"), scram("monitor"),
            scram("registry")))
            .all().get();
        List<AclBinding> acls = new ArrayList<>(MeshAcls.router("router", topics, "atmosphere-router"));
        acls.addAll(MeshAcls.node("alice", topics, "alice"));
        acls.addAll(MeshAcls.monitoring("monitor", topics, "atmosphere-monitoring"));
        acls.addAll(MeshAcls.registry("registry"));
        admin.createAcls(acls).all().get();
        admin.createTopics(List.of(new NewTopic(bobsWork, 1, (short) 1))).all().get();
      }
      Map<String, String> common = new HashMap<>(Map.of(KafkaConnection.BOOTSTRAP, cluster.bootstrapServers(),
          KafkaConnection.REGISTRY, registry.ccompatUrl(), "topics.replication.factor", "1",
          "ollama.host", "http://127.0.0.1:1", "heartbeat.interval", "1s", "discovery.interval", "500ms",
          "llamafarm.namespaces", "general", "builtin.embeddings", "false", "router.cache.enabled", "false"));
      Embedder embedder = new CachingEmbedder(new MiniLmEmbedder(), 1_000);
      List<AutoCloseable> running = new ArrayList<>();
      try {
        Map<String, String> router = as(common, "router");
        router.put("router.state.dir", dir.resolve("router").toString());
        running.add(new RouterService(RouterConfig.from(Settings.of(router)), embedder, new io.micrometer.core.instrument.simple.SimpleMeterRegistry()).start());
        Map<String, String> node = as(common, "alice");
        node.put("node.id", alice.nodeId());
        node.put("llamafarm.url", farm.url());
        Settings nodeSettings = Settings.of(node);
        running.add(new NodeAgent(IngestConfig.from(nodeSettings, Map.of()), alice, embedder, LoadSource.idle(4),
            Clock.systemUTC()).start());
        running.add(new NodeExecutor(ExecutorConfig.from(nodeSettings, Map.of()), alice, embedder,
            Clock.systemUTC(), new io.micrometer.core.instrument.simple.SimpleMeterRegistry()).start());
        KafkaConnection asAlice = KafkaConnection.from(nodeSettings);

        try (MeshClient client = new MeshClient(asAlice, topics, alice)) { // alice's gateway posts in her name
          var answer = await().atMost(Duration.ofSeconds(120)).until(() -> client.submit(intent(alice),
              Duration.ofSeconds(10)), a -> a.isPresent() && a.get().result().getStatus() == WorkStatus.SUCCEEDED);
          assertThat(answer.orElseThrow().result().getNodeId()).isEqualTo(alice.nodeId());
        }
        assertThatThrownBy(() -> read(asAlice.clientProps(), bobsWork)).as("another node's work")
            .isInstanceOf(TopicAuthorizationException.class);
        assertThatThrownBy(() -> write(asAlice.clientProps(), bobsWork)).as("writing another node's work")
            .hasCauseInstanceOf(TopicAuthorizationException.class);
        assertThatThrownBy(() -> write(asAlice.clientProps(), topics.results())).as("the results topic")
            .hasCauseInstanceOf(TopicAuthorizationException.class);
        assertThatThrownBy(() -> write(asAlice.clientProps(), topics.routerIntents()))
            .as("the router's own intents (whose origin the router takes as proven)")
            .hasCauseInstanceOf(TopicAuthorizationException.class);
        Properties asMonitor = KafkaConnection.from(Settings.of(as(common, "monitor"))).clientProps();
        for (String watched : List.of(topics.verifiedNodeStatus(), topics.results(), topics.routerDlq(),
            topics.migrations())) { // what the monitoring job reads, it may read
          read(asMonitor, watched);
        }
        write(asMonitor, topics.alerts()); // and it writes alerts
        assertThatThrownBy(() -> read(asMonitor, topics.intents())).as("monitoring reads no intents")
            .isInstanceOf(TopicAuthorizationException.class);
        assertThatThrownBy(() -> write(asMonitor, topics.results())).as("monitoring writes no results")
            .hasCauseInstanceOf(TopicAuthorizationException.class);
        Properties asRegistry = KafkaConnection.from(Settings.of(as(common, "registry"))).clientProps();
        actAsAKafkaBackedRegistry(asRegistry);
        assertThatThrownBy(() -> write(asAlice.clientProps(), "_schemas")).as("a node writes no schemas")
            .hasCauseInstanceOf(TopicAuthorizationException.class);
        assertThatThrownBy(() -> write(asRegistry, topics.intents())).as("the registry writes no intents")
            .hasCauseInstanceOf(TopicAuthorizationException.class);
        KafkaConnection asMallory = KafkaConnection.from(Settings.of(as(common, "mallory")));
        assertThatThrownBy(() -> read(asMallory.clientProps(), topics.intents())).as("no ACL: nothing")
            .isInstanceOf(TopicAuthorizationException.class);
      } finally {
        for (int i = running.size() - 1; i >= 0; i--) {
          running.get(i).close();
        }
      }
    }
  }

  private static Intent intent(NodeIdentity origin) {
    Instant now = Instant.now();
    return Intent.newBuilder().setIntentId("acl-" + System.nanoTime()).setOriginNodeId(origin.nodeId())
        .setKind(IntentKind.CHAT).setText("Write a short email to thank a colleague").setCreatedAt(now)
        .setConstraints(dev.atmosphere.schemas.IntentConstraints.newBuilder().build())
        .setDeadlineAt(now.plusSeconds(30)).build();
  }

  private static void read(Properties props, String topic) {
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
        new ByteArrayDeserializer())) {
      consumer.assign(List.of(new TopicPartition(topic, 0)));
      consumer.seekToBeginning(consumer.assignment());
      for (int i = 0; i < 20; i++) {
        consumer.poll(Duration.ofMillis(500));
      }
    }
  }

  /**
   * What Confluent's registry (compose's) does with Kafka under its principal — its KafkaStore creates the compacted
   * {@code _schemas} topic, checks its cleanup policy, writes schemas to it and reads it back, and its instances
   * elect a leader in the {@code schema-registry} group — done here with plain clients (the registry itself is not
   * on Maven Central).
   */
  private static void actAsAKafkaBackedRegistry(Properties asRegistry) throws Exception {
    try (Admin admin = Admin.create(asRegistry)) {
      admin.createTopics(List.of(new NewTopic("_schemas", 1, (short) 1)
          .configs(Map.of("cleanup.policy", "compact")))).all().get();
      var resource = new org.apache.kafka.common.config.ConfigResource(
          org.apache.kafka.common.config.ConfigResource.Type.TOPIC, "_schemas");
      assertThat(admin.describeConfigs(List.of(resource)).all().get().get(resource).get("cleanup.policy").value())
          .isEqualTo("compact");
    }
    write(asRegistry, "_schemas");
    Properties member = new Properties();
    member.putAll(asRegistry);
    member.put("group.id", "schema-registry");
    member.put("auto.offset.reset", "earliest");
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(member, new ByteArrayDeserializer(),
        new ByteArrayDeserializer())) {
      consumer.subscribe(List.of("_schemas"));
      List<byte[]> read = new ArrayList<>();
      await().atMost(Duration.ofSeconds(30)).until(() -> {
        consumer.poll(Duration.ofMillis(200)).forEach(r -> read.add(r.value()));
        return !read.isEmpty();
      });
      consumer.commitSync();
    }
  }

  private static void write(Properties props, String topic) throws Exception {
    props.put("max.block.ms", "10000");
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(),
        new ByteArraySerializer())) {
      producer.send(new ProducerRecord<>(topic, new byte[] {1}, new byte[] {1})).get(); // keyed: _schemas is compacted
    }
  }

  /** The common settings logged in as {@code user} with SCRAM-SHA-512, as compose's services are. */
  private static Map<String, String> as(Map<String, String> common, String user) {
    Map<String, String> out = new HashMap<>(common);
    out.put("kafka.client.security.protocol", "SASL_PLAINTEXT");
    out.put("kafka.client.sasl.mechanism", "SCRAM-SHA-512");
    out.put("kafka.client.sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required "
        + "username=\"" + user + "\" password=\"" + user + "-secret\";");
    return out;
  }

  private static UserScramCredentialUpsertion scram(String user) {
    return new UserScramCredentialUpsertion(user, new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096),
        user + "-secret");
  }

  private static Properties plainAdmin(String bootstrap) {
    Properties p = new Properties();
    p.put("bootstrap.servers", bootstrap);
    p.put("security.protocol", "SASL_PLAINTEXT");
    p.put("sasl.mechanism", "PLAIN");
    p.put("sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required username=\""
        + JaasUtils.KAFKA_PLAIN_ADMIN + "\" password=\"" + JaasUtils.KAFKA_PLAIN_ADMIN_PASSWORD + "\";");
    return p;
  }

  /** One KRaft server, SASL on the client and controller listeners, standard authorizer, deny by default. */
  private KafkaClusterTestKit cluster() throws Exception {
    KafkaClusterTestKit cluster = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
        .setBootstrapMetadataVersion(MetadataVersion.latestProduction()).setCombined(true).setNumBrokerNodes(1)
        .setNumControllerNodes(1).setBrokerSecurityProtocol(SecurityProtocol.SASL_PLAINTEXT)
        .setControllerSecurityProtocol(SecurityProtocol.SASL_PLAINTEXT).setBaseDirectory(dir.resolve("kafka"))
        .build())
        .setConfigProp("sasl.enabled.mechanisms", "PLAIN,SCRAM-SHA-512")
        .setConfigProp("offsets.topic.replication.factor", "1")
        .setConfigProp("transaction.state.log.replication.factor", "1")
        .setConfigProp("transaction.state.log.min.isr", "1")
        .setConfigProp("group.initial.rebalance.delay.ms", "0")
        .setConfigProp("auto.create.topics.enable", "false")
        .build();
    cluster.format();
    cluster.startup();
    cluster.waitForReadyBrokers();
    return cluster;
  }
}
