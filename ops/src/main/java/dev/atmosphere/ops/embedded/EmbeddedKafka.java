package dev.atmosphere.ops.embedded;

import dev.atmosphere.common.kafka.MeshCredential;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node KRaft Kafka broker (combined broker + controller) in this JVM, for the laptop default and
 * the integration tests. Its data directory is formatted once and reused, so a restart keeps the mesh's topics.
 */
public final class EmbeddedKafka implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(EmbeddedKafka.class);

  private final KafkaRaftServer server;
  private final String bootstrapServers;

  private final String sharedBootstrap;

  private EmbeddedKafka(KafkaRaftServer server, String bootstrapServers, String sharedBootstrap) {
    this.server = server;
    this.bootstrapServers = bootstrapServers;
    this.sharedBootstrap = sharedBootstrap;
  }

  /** Formats {@code dataDir} if new, then starts a broker on loopback {@code port} (0 = any free port). */
  public static EmbeddedKafka start(Path dataDir, int port) {
    return start(dataDir, port, null, null);
  }

  /**
   * @param shareAs null: loopback only; else the name other machines reach this one at — the broker then also listens
   *     on every interface at {@code port}, advertised as {@code shareAs:port}, where a client must log in
   *     (SASL/SCRAM-SHA-512 as {@link MeshCredential#USER} with {@code meshPassword}); this machine's own processes
   *     use a loopback listener ({@link #bootstrapServers()})
   * @param meshPassword the login's password (derived from the join code), required when shared
   */
  public static EmbeddedKafka start(Path dataDir, int port, String shareAs, String meshPassword) {
    return start(dataDir, port, shareAs, meshPassword, null);
  }

  /**
   * As {@link #start(Path, int, String, String)}, the network listener also encrypted when {@code tls} is given
   * (SASL_SSL with that certificate; the other machines trust its {@code broker.pem} as {@code kafka.tls.ca}).
   */
  public static EmbeddedKafka start(Path dataDir, int port, String shareAs, String meshPassword,
      BrokerCertificate tls) {
    int brokerPort = port > 0 ? port : Ports.freePort();
    int controllerPort = Ports.freePort();
    int localPort = shareAs == null ? brokerPort : Ports.freePort();
    Properties props = new Properties();
    props.put("process.roles", "broker,controller");
    props.put("node.id", "1");
    props.put("controller.quorum.bootstrap.servers", "127.0.0.1:" + controllerPort);
    props.put("listeners", "PLAINTEXT://127.0.0.1:" + localPort + ",CONTROLLER://127.0.0.1:" + controllerPort
        + (shareAs == null ? "" : ",MESH://0.0.0.0:" + brokerPort));
    props.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + localPort
        + (shareAs == null ? "" : ",MESH://" + shareAs + ":" + brokerPort));
    props.put("controller.listener.names", "CONTROLLER");
    props.put("inter.broker.listener.name", "PLAINTEXT");
    props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT,MESH:"
        + (tls == null ? "SASL_PLAINTEXT" : "SASL_SSL"));
    if (shareAs != null) { // the network listener takes only the mesh's login
      props.put("listener.name.mesh.sasl.enabled.mechanisms", MeshCredential.MECHANISM);
      props.put("listener.name.mesh.scram-sha-512.sasl.jaas.config",
          "org.apache.kafka.common.security.scram.ScramLoginModule required;");
    }
    if (shareAs != null && tls != null) {
      props.put("listener.name.mesh.ssl.keystore.type", "PKCS12");
      props.put("listener.name.mesh.ssl.keystore.location", tls.keyStore().toAbsolutePath().toString());
      props.put("listener.name.mesh.ssl.keystore.password", tls.password());
      props.put("listener.name.mesh.ssl.key.password", tls.password());
    }
    props.put("log.dirs", dataDir.resolve("logs").toAbsolutePath().toString());
    props.put("num.partitions", "1");
    props.put("auto.create.topics.enable", "false");
    props.put("offsets.topic.replication.factor", "1");
    props.put("offsets.topic.num.partitions", "3");
    props.put("transaction.state.log.replication.factor", "1");
    props.put("transaction.state.log.min.isr", "1");
    props.put("transaction.state.log.num.partitions", "3");
    props.put("share.coordinator.state.topic.replication.factor", "1");
    props.put("share.coordinator.state.topic.min.isr", "1");
    props.put("group.initial.rebalance.delay.ms", "0");
    // a killed router leaves its transaction open, and read_committed readers of what it wrote (results, work, its
    // changelogs) wait until the coordinator aborts it: look for timed-out transactions every second, not every 10 s
    props.put("transaction.abort.timed.out.transaction.cleanup.interval.ms", "1000");
    // a transaction's first write to a partition is added to it by the broker, which the coordinator refuses
    // (CONCURRENT_TRANSACTIONS) while the previous transaction's markers are still being written — a millisecond or
    // two here — and the broker asks again after this backoff: with the default 20 ms, a request that arrived right
    // after a commit waited 20 ms on each exactly-once hop (the gateway bench's slowest requests: routed → started
    // 22–30 ms where the median is 3)
    props.put("add.partitions.to.txn.retry.backoff.ms", "2");
    props.put("log.cleaner.dedupe.buffer.size", Integer.toString(8 * 1024 * 1024));
    try {
      Files.createDirectories(dataDir);
      Path propsFile = dataDir.resolve("server.properties");
      Properties written = new Properties(); // what formatting reads; the key store's password stays out of it
      props.stringPropertyNames().stream().filter(k -> !k.contains("password"))
          .forEach(k -> written.put(k, props.getProperty(k)));
      try (Writer w = Files.newBufferedWriter(propsFile)) {
        written.store(w, "embedded atmosphere broker");
      }
      if (!Files.exists(dataDir.resolve("logs").resolve("meta.properties"))) {
        format(propsFile);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare broker directory " + dataDir, e);
    }
    KafkaRaftServer server = new KafkaRaftServer(new KafkaConfig(props, false), Time.SYSTEM);
    server.startup();
    String local = "127.0.0.1:" + localPort;
    if (shareAs == null) {
      log.info("embedded Kafka broker listening on {}", local);
      return new EmbeddedKafka(server, local, null);
    }
    try {
      login(local, meshPassword);
    } catch (RuntimeException e) {
      server.shutdown();
      throw e;
    }
    String shared = shareAs + ":" + brokerPort;
    log.info("embedded Kafka broker listening on {} (this machine) and {} (other machines, mesh login{})", local, shared,
        tls == null ? "" : ", TLS: they trust " + tls.certificate() + " as kafka.tls.ca");
    return new EmbeddedKafka(server, local, shared);
  }

  /** Sets the mesh's login (at every start: a changed join code takes effect). */
  private static void login(String local, String password) {
    if (password == null || password.isEmpty()) {
      throw new IllegalArgumentException("a shared broker needs the mesh password");
    }
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", local))) {
      admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(MeshCredential.USER,
          new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 8192), password))).all().get(60, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while setting the mesh login", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("cannot set the mesh login on the shared broker: " + e.getMessage(), e);
    }
  }

  /** Where other machines reach this broker ({@code shareAs:port}, mesh login required); null when not shared. */
  public String sharedBootstrap() {
    return sharedBootstrap;
  }

  private static void format(Path propsFile) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int rc = StorageTool.execute(new String[] {"format", "--standalone", "-t", Uuid.randomUuid().toString(), "-c",
        propsFile.toString()}, new PrintStream(out, true, StandardCharsets.UTF_8));
    if (rc != 0) {
      throw new IllegalStateException("formatting the broker storage failed: " + out.toString(StandardCharsets.UTF_8));
    }
  }

  public String bootstrapServers() {
    return bootstrapServers;
  }

  @Override
  public void close() {
    server.shutdown();
    server.awaitShutdown();
  }
}
