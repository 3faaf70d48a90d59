package dev.atmosphere.bench;

import dev.atmosphere.common.config.Settings;
import dev.atmosphere.common.embed.Embedder;
import dev.atmosphere.common.kafka.KafkaConnection;
import dev.atmosphere.client.MeshClient;
import dev.atmosphere.ops.embedded.EmbeddedKafka;
import dev.atmosphere.ops.embedded.EmbeddedRegistry;
import dev.atmosphere.router.RouterConfig;
import dev.atmosphere.router.RouterService;
import dev.atmosphere.schemas.Intent;
import dev.atmosphere.schemas.IntentConstraints;
import dev.atmosphere.schemas.IntentKind;
import dev.atmosphere.schemas.WorkResult;
import dev.atmosphere.schemas.WorkStatus;
import dev.atmosphere.schemas.serde.AvroSerdes;
import dev.atmosphere.schemas.topics.Topics;
import dev.atmosphere.site.SiteInfo;
import dev.atmosphere.site.SiteLinkConfig;
import dev.atmosphere.site.SiteLinkService;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Two sites on one machine (two KRaft clusters, two registries, MirrorMaker 2 between them) and one node, on site a
 * (a LlamaFarm stand-in that answers at once): the same questions asked at site a and at site b, timed from posting
 * to the terminal result, and MirrorMaker 2's replication lag measured with probe records.
 */
final class SiteBench {

  private SiteBench() {}

  static void run(PrintWriter out, Path home, Path workDir, Embedder embedder, int n) throws Exception {
    List<AutoCloseable> running = new ArrayList<>();
    try {
      Map<String, String> a = site(running, home, workDir, embedder, "a");
      Map<String, String> b = site(running, home, workDir, embedder, "b");
      StubNodes.start(running, a, embedder, Duration.ZERO, "site-a-node");
      Topics topics = Topics.defaults();
      SiteInfo.publish(connection(a).clientProps(), topics, new SiteInfo("a", a.get(KafkaConnection.REGISTRY)));
      Map<String, String> link = new java.util.HashMap<>(b);
      link.put("site.link.bootstrap", a.get(KafkaConnection.BOOTSTRAP));
      link.put("site.link.state.dir", workDir.resolve("sites/link").toString());
      link.put("site.link.refresh", "1s");
      running.add(new SiteLinkService(SiteLinkConfig.from(Settings.of(link))).start());
      try (MeshClient atB = new MeshClient(connection(b), topics)) {
        Instant until = Instant.now().plusSeconds(180);
        int warm = 0;
        while (Instant.now().isBefore(until) && !answered(atB, "warm-b-" + warm++, 20)) {
          Thread.onSpinWait(); // until the link carries the node's announcement and an answer back
        }
        double[] same = latencies(a, "same", n);
        double[] cross = latencies(b, "cross", n);
        out.printf("sites, %d questions each, answered at once by a node on site a: asked at a (same site), posting to result, p50 %.1f ms"
                + " / p99 %.1f ms; asked at b (one MirrorMaker 2 hop each way) p50 %.1f ms / p99 %.1f ms%n", n,
            Stats.percentile(same, 50), Stats.percentile(same, 99), Stats.percentile(cross, 50),
            Stats.percentile(cross, 99));
        double[] lag = lag(connection(a).clientProps(), connection(b).clientProps(), topics, n);
        out.printf("sites, MirrorMaker 2 replication lag a→b (%d probe records): p50 %.1f ms, p99 %.1f ms%n", n,
            Stats.percentile(lag, 50), Stats.percentile(lag, 99));
        out.flush();
      }
    } finally {
      for (int i = running.size() - 1; i >= 0; i--) {
        running.get(i).close();
      }
    }
  }

  private static Map<String, String> site(List<AutoCloseable> running, Path home, Path workDir, Embedder embedder,
      String name) {
    EmbeddedKafka kafka = EmbeddedKafka.start(workDir.resolve("sites/" + name + "/kafka"), 0);
    running.add(kafka);
    EmbeddedRegistry registry = EmbeddedRegistry.start(EmbeddedRegistry.locateJar(home), 0,
        workDir.resolve("sites/" + name + "/registry.log"), Duration.ofSeconds(90));
    running.add(registry);
    Map<String, String> settings = StubNodes.settings(kafka, registry, workDir.resolve("sites/" + name));
    settings.put("site.name", name);
    settings.put("heartbeat.ttl", "10s");
    settings.put("router.cache.enabled", "false");
    running.add(new RouterService(RouterConfig.from(Settings.of(settings)), embedder, new io.micrometer.core.instrument.simple.SimpleMeterRegistry()).start());
    return settings;
  }

  private static KafkaConnection connection(Map<String, String> settings) {
    return new KafkaConnection(settings.get(KafkaConnection.BOOTSTRAP), settings.get(KafkaConnection.REGISTRY),
        Map.of());
  }

  private static boolean answered(MeshClient client, String id, int seconds) {
    return client.submit(intent(id), Duration.ofSeconds(seconds))
        .filter(a -> a.result().getStatus() == WorkStatus.SUCCEEDED).isPresent();
  }

  /** Posted one at a time; timed from posting to the terminal result on a consumer that is already reading. */
  private static double[] latencies(Map<String, String> site, String prefix, int n) {
    KafkaConnection connection = connection(site);
    Topics topics = Topics.defaults();
    AvroSerdes serdes = connection.serdes();
    Properties consumerProps = connection.clientProps();
    consumerProps.put("isolation.level", "read_committed");
    double[] out = new double[n];
    try (KafkaProducer<String, Intent> producer = new KafkaProducer<>(MeshClient.producerProps(connection),
            serdes.keys().serializer(), serdes.intent().serializer());
        KafkaConsumer<String, WorkResult> results = new KafkaConsumer<>(consumerProps, serdes.keys().deserializer(),
            serdes.result().deserializer())) {
      List<TopicPartition> parts = MeshClient.partitions(results, topics.results());
      results.assign(parts);
      results.seekToEnd(parts);
      parts.forEach(results::position);
      for (int i = 0; i < n; i++) {
        String id = prefix + "-" + i;
        long start = System.nanoTime();
        producer.send(new ProducerRecord<>(topics.intents(), id, intent(id)));
        producer.flush();
        WorkResult result = null;
        while (result == null && System.nanoTime() - start < Duration.ofSeconds(30).toNanos()) {
          for (var r : results.poll(Duration.ofMillis(1))) {
            result = id.equals(r.key()) ? r.value() : result;
          }
        }
        if (result == null || result.getStatus() != WorkStatus.SUCCEEDED) {
          throw new IllegalStateException("no answer to " + id + ": " + result);
        }
        out[i] = (System.nanoTime() - start) / 1e6;
      }
    }
    return out;
  }

  private static Intent intent(String id) {
    return Intent.newBuilder().setIntentId(id).setKind(IntentKind.CHAT).setText("summarise this document " + id)
        .setConstraints(IntentConstraints.newBuilder().build()).setCreatedAt(Instant.now()).build();
  }

  /** Probe records on a's site-info topic (a key the link ignores), timed until they appear on b. */
  private static double[] lag(Properties a, Properties b, Topics topics, int n) {
    double[] out = new double[n];
    TopicPartition mirrored = new TopicPartition("a." + topics.sites().info(), 0);
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(a, new StringSerializer(),
            new StringSerializer());
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(b, new StringDeserializer(),
            new StringDeserializer())) {
      consumer.assign(List.of(mirrored));
      consumer.seekToEnd(List.of(mirrored));
      consumer.position(mirrored);
      for (int i = 0; i < n; i++) {
        String key = "probe-" + i;
        long start = System.nanoTime();
        producer.send(new ProducerRecord<>(topics.sites().info(), key, Long.toString(start)));
        producer.flush();
        boolean seen = false;
        while (!seen && System.nanoTime() - start < Duration.ofSeconds(30).toNanos()) {
          for (var r : consumer.poll(Duration.ofMillis(5))) {
            seen |= r.key().equals(key);
          }
        }
        out[i] = (System.nanoTime() - start) / 1e6;
      }
    }
    return out;
  }
}
