package dev.atmosphere.ops;

import static dev.atmosphere.common.testing.FakeLlamaFarm.projectConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.atmosphere.client.MeshClient;
import dev.atmosphere.common.embed.CachingEmbedder;
import dev.atmosphere.common.embed.MiniLmEmbedder;
import dev.atmosphere.common.kafka.KafkaConnection;
import dev.atmosphere.common.testing.FakeLlamaFarm;
import dev.atmosphere.schemas.Intent;
import dev.atmosphere.schemas.IntentConstraints;
import dev.atmosphere.schemas.IntentKind;
import dev.atmosphere.schemas.WorkStatus;
import dev.atmosphere.schemas.topics.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three machines, as users run them: one {@code ./atmosphere up} with the broker and registry (this JVM), two more
 * joining it, each a whole node in its own JVM with its own data directory, identity, router instance and LlamaFarm.
 * One joiner is killed with {@code kill -9} while its router owns partitions; intents for the capabilities that
 * survive — spread over every partition — must all be answered within 10 s of the kill.
 */
@Timeout(400)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MeshOfMachinesIT {

  @TempDir static Path dir;
  private static final List<FakeLlamaFarm> farms = new ArrayList<>();
  private static final Map<String, Process> machines = new HashMap<>();
  private static MeshStack hub;
  private static MeshClient client;

  private static FakeLlamaFarm hubFarm;
  /** Fixed, so that the machines that joined find the hub's broker and registry again after it restarts. */
  private static final int KAFKA_PORT = dev.atmosphere.ops.embedded.Ports.freePort();
  private static final int REGISTRY_PORT = dev.atmosphere.ops.embedded.Ports.freePort();

  @BeforeAll
  static void up() throws Exception {
    hubFarm = farm("general", "assistant", "You answer everyday questions.");
    hub = startHub();
    machines.put("lawyer", join("lawyer", farm("legal", "contracts", "You review commercial contracts.")));
    machines.put("coder", join("coder", farm("code", "helper", "You write and fix Java and Python code.")));
    for (String name : machines.keySet()) {
      awaitUp(name);
    }
    client = new MeshClient(new KafkaConnection(hub.endpoints().bootstrap(), hub.endpoints().registry(), Map.of()),
        Topics.defaults());
    try (Admin admin = Admin.create(new KafkaConnection(hub.endpoints().bootstrap(), "", Map.of()).clientProps())) {
      await().atMost(Duration.ofSeconds(180)).until(() -> admin.describeConsumerGroups(List.of("atmosphere-router"))
          .all().get().get("atmosphere-router").members().size() == 3);
    }
    for (String capability : List.of("llamafarm:llm:general/assistant", "llamafarm:llm:code/helper",
        "llamafarm:llm:legal/contracts")) {
      RouterReady.awaitRoutable(hub.endpoints(), capability);
    }
    // every router instance routes: a batch spread over all partitions is answered first
    await().atMost(Duration.ofSeconds(120)).until(() -> answerAll("llamafarm:llm:code/helper", 6,
        Duration.ofSeconds(20), System.nanoTime()).stream().allMatch(ms -> ms >= 0));
  }

  /** The machine with the broker and the registry: {@code ./atmosphere up} on its own data directory. */
  private static MeshStack startHub() {
    return MeshStack.start(dir.resolve("hub"), dir.resolve("absent.properties"),
        Map.of("LLAMAFARM_URL", hubFarm.url(), "LF_DATA_DIR", dir.resolve("hub-lf").toString()),
        Map.ofEntries(Map.entry("node.name", "hub"), Map.entry("embedded.kafka.port", Integer.toString(KAFKA_PORT)),
            Map.entry("embedded.registry.port", Integer.toString(REGISTRY_PORT)), Map.entry("gateway.port", "0"),
            Map.entry("metrics.port", "0"),
            Map.entry("ollama.host", "http://127.0.0.1:1"), Map.entry("llamafarm.namespaces", "general"),
            Map.entry("monitoring.enabled", "false"), Map.entry("scaler.enabled", "false"),
            Map.entry("router.cache.enabled", "false"), Map.entry("builtin.embeddings", "false"),
            Map.entry("discovery.interval", "1s"), Map.entry("heartbeat.interval", "1s"),
            Map.entry("heartbeat.ttl", "5s")),
        new CachingEmbedder(new MiniLmEmbedder(), 5_000));
  }

  private static FakeLlamaFarm farm(String namespace, String project, String prompt) {
    FakeLlamaFarm farm = new FakeLlamaFarm().answerPrefix(project).project(namespace, project,
        projectConfig(namespace, project, "m", "llama3.1:8b", project, prompt, List.of()));
    farms.add(farm);
    return farm;
  }

  /** A whole node in its own JVM joining the hub's broker, with its own data directory and LlamaFarm. */
  private static Process join(String name, FakeLlamaFarm farm) throws Exception {
    return ChildJvm.up(dir, name, Map.ofEntries(Map.entry(KafkaConnection.BOOTSTRAP, hub.endpoints().bootstrap()),
        Map.entry(KafkaConnection.REGISTRY, hub.endpoints().registry()), Map.entry("llamafarm.url", farm.url()),
        Map.entry("llamafarm.data.dir", dir.resolve(name + "-lf").toString()),
        Map.entry("llamafarm.namespaces", name.equals("lawyer") ? "legal" : "code"),
        Map.entry("ollama.host", "http://127.0.0.1:1"), Map.entry("gateway.port", "0"), Map.entry("metrics.port", "0"),
        Map.entry("monitoring.enabled", "false"), Map.entry("scaler.enabled", "false"),
        Map.entry("router.cache.enabled", "false"), Map.entry("builtin.embeddings", "false"),
        Map.entry("discovery.interval", "1s"), Map.entry("heartbeat.interval", "1s"),
        Map.entry("heartbeat.ttl", "5s")));
  }

  /** A node is up once it has written where it listens ({@code run/endpoints.properties}). */
  private static void awaitUp(String name) {
    Path endpoints = dir.resolve(name + "/.atmosphere/run/endpoints.properties");
    await().atMost(Duration.ofSeconds(180)).until(() -> Files.exists(endpoints));
  }

  @AfterAll
  static void down() {
    machines.values().forEach(Process::destroyForcibly);
    List<AutoCloseable> all = new ArrayList<>(List.of(client == null ? () -> { } : client, hub == null ? () -> { }
        : hub));
    all.addAll(farms);
    for (AutoCloseable c : all) {
      try {
        c.close();
      } catch (Exception e) {
        // best effort
      }
    }
  }

  /** Posts {@code n} intents for a capability at once; milliseconds from {@code since} to each SUCCEEDED, or -1. */
  private static List<Long> answerAll(String capability, int n, Duration timeout, long since) {
    ExecutorService pool = Executors.newFixedThreadPool(n);
    List<CompletableFuture<Long>> answers = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String id = "machines-" + System.nanoTime() + "-" + i;
      answers.add(CompletableFuture.supplyAsync(() -> {
        var answer = client.submit(Intent.newBuilder().setIntentId(id)
            .setKind(IntentKind.CHAT).setText("a question for " + capability + " " + id)
            .setPinnedCapabilityId(capability).setConstraints(IntentConstraints.newBuilder().build())
            .setCreatedAt(Instant.now()).build(), timeout);
        if (answer.isEmpty() || answer.get().result().getStatus() != WorkStatus.SUCCEEDED) { // say why, for a failure
          System.out.printf("%s not answered after %d ms: %s%n", id, (System.nanoTime() - since) / 1_000_000,
              answer.map(a -> a.result().getStatus() + " " + a.result().getError()).orElse("no result in time"));
          return -1L;
        }
        return (System.nanoTime() - since) / 1_000_000;
      }, pool));
    }
    try {
      return answers.stream().map(CompletableFuture::join).toList();
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  @Order(1)
  void shouldAnswerForTheSurvivingMachinesWithinTenSecondsOfAKillNineOfAWholeNode() throws Exception {
    long killedAt = System.nanoTime();
    machines.get("lawyer").destroyForcibly(); // SIGKILL of a whole node: router, agent, executor, gateway
    CompletableFuture<List<Long>> onCoder = CompletableFuture.supplyAsync(() -> answerAll("llamafarm:llm:code/helper",
        6, Duration.ofSeconds(30), killedAt));
    List<Long> onHub = answerAll("llamafarm:llm:general/assistant", 6, Duration.ofSeconds(30), killedAt);
    List<Long> coder = onCoder.get();

    System.out.printf("three machines, one killed with kill -9: 6 intents for the other joiner answered %s ms after "
        + "the kill, 6 for the hub %s ms%n", coder, onHub);
    assertThat(coder).as("every intent for the surviving joiner answered").allMatch(ms -> ms >= 0);
    assertThat(onHub).as("every intent for the hub answered").allMatch(ms -> ms >= 0);
    assertThat(coder).as("within 10 s of the kill").allMatch(ms -> ms <= 10_000);
    assertThat(onHub).as("within 10 s of the kill").allMatch(ms -> ms <= 10_000);
    assertThat(machines.get("coder").isAlive()).isTrue();
  }

  @Test
  @Order(2)
  void shouldServeAgainFromAMachineThatJoinedWhenTheMachineWithTheBrokerRestartsAfterTwentySeconds() throws Exception {
    client.close();
    hub.close(); // the machine with the broker and the registry reboots; the coder's node keeps running
    java.util.concurrent.ScheduledExecutorService later = Executors.newSingleThreadScheduledExecutor();
    try {
      hub = later.schedule(MeshOfMachinesIT::startHub, 20, java.util.concurrent.TimeUnit.SECONDS)
          .get(240, java.util.concurrent.TimeUnit.SECONDS);
    } finally {
      later.shutdownNow();
    }
    long back = System.nanoTime();
    client = new MeshClient(new KafkaConnection(hub.endpoints().bootstrap(), hub.endpoints().registry(), Map.of()),
        Topics.defaults());

    await().atMost(Duration.ofSeconds(180)).until(() -> answerAll("llamafarm:llm:code/helper", 3,
        Duration.ofSeconds(20), back).stream().allMatch(ms -> ms >= 0));
    long seconds = (System.nanoTime() - back) / 1_000_000_000L;
    System.out.printf("the hub down for 20 s: the joined coder's capability answered again %d s after it was back%n",
        seconds);
    assertThat(machines.get("coder").isAlive()).as("the joined node survived its broker's absence").isTrue();
    assertThat(answerAll("llamafarm:llm:general/assistant", 3, Duration.ofSeconds(30), back))
        .as("the hub's own capability too").allMatch(ms -> ms >= 0);
  }

  @Test
  @Order(3)
  void shouldStopOnCtrlCWithinSecondsWhenItsBrokerHasGone() throws Exception {
    hub.close(); // the machine with the broker and the registry goes away
    hub = null;
    Process coder = machines.get("coder");

    long stopping = System.nanoTime();
    coder.destroy(); // SIGTERM, as Ctrl-C sends
    boolean exited = coder.waitFor(120, java.util.concurrent.TimeUnit.SECONDS);
    long seconds = (System.nanoTime() - stopping) / 1_000_000_000L;

    System.out.printf("a joined node stopped %d s after Ctrl-C with its broker gone%n", seconds);
    assertThat(exited).as("stopped at all (see coder.log)").isTrue();
    assertThat(seconds).as("stopped within a minute").isLessThan(60);
  }
}
