package dev.atmosphere.bench;

import com.sun.net.httpserver.HttpServer;
import dev.atmosphere.client.MeshClient;
import dev.atmosphere.common.embed.Embedder;
import dev.atmosphere.common.kafka.KafkaConnection;
import dev.atmosphere.ops.MeshStack;
import dev.atmosphere.schemas.Timings;
import dev.atmosphere.schemas.topics.Topics;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * What the mesh costs per request: chats sent straight to a LlamaFarm stand-in, and through this node's gateway
 * (intent → router → work topic → executor → stand-in → attempts → router → result → gateway), sequentially. Fair
 * by construction: the stand-in answers with TCP_NODELAY, every text is unique and the cache is bypassed (each
 * request really runs), both paths hit the same stand-in, and a warm-up of each path is excluded.
 */
final class GatewayOverheadBench {

  private static final Duration WARM_UP = Duration.ofSeconds(Long.getLong("atmosphere.bench.warmup.seconds", 30));

  private GatewayOverheadBench() {}

  /** Both ways of answering, one after the other in this run: from the router's result, then from the attempt. */
  static void run(PrintWriter out, Path home, Path workDir, Embedder embedder, int requests) throws Exception {
    for (boolean early : new boolean[] {false, true}) {
      out.printf("-- gateway.answer_from_attempts=%s%n", early);
      run(out, home, workDir.resolve("early-" + early), embedder, requests, early);
    }
  }

  /** Only {@code /v1/embeddings}: {@code requests} requests of 500 new texts on a stack of its own. */
  static void embeddings(PrintWriter out, Path home, Path workDir, Embedder embedder, int requests) throws Exception {
    HttpServer stub = InstantFarm.start();
    try (MeshStack stack = stack(home, workDir.resolve("embeddings"), embedder, stub, true)) {
      EmbeddingsRequestBench.run(out, HttpClient.newHttpClient(), stack.endpoints().gatewayUrl(), 500, requests,
          WARM_UP);
    } finally {
      stub.stop(0);
    }
  }

  private static MeshStack stack(Path home, Path workDir, Embedder embedder, HttpServer stub, boolean early)
      throws Exception {
    String farm = "http://127.0.0.1:" + stub.getAddress().getPort();
    Map<String, String> env = new java.util.HashMap<>(Map.of("LLAMAFARM_URL", farm));
    System.getenv().forEach((k, v) -> { // e.g. ATMOSPHERE_ROUTER_COMMIT_INTERVAL=50ms to compare settings
      if (k.startsWith("ATMOSPHERE_ROUTER_") || k.startsWith("ATMOSPHERE_KAFKA_CLIENT_")) {
        env.put(k, v);
      }
    });
    return MeshStack.start(home, workDir.resolve("absent.properties"), env,
        Map.of("embedded.kafka.port", "0", "embedded.registry.port", "0", "gateway.port", "0", "data.dir",
            workDir.resolve("gw").toString(), "llamafarm.namespaces", "bench", "ollama.host", "http://127.0.0.1:1",
            "discovery.interval", "500ms", "gateway.answer_from_attempts", Boolean.toString(early),
            "gateway.rate_limit.per_minute", "1000000"), embedder); // the wait for the capability polls fast
  }

  private static void run(PrintWriter out, Path home, Path workDir, Embedder embedder, int requests, boolean early)
      throws Exception {
    HttpServer stub = InstantFarm.start();
    String farm = "http://127.0.0.1:" + stub.getAddress().getPort();
    try (MeshStack stack = stack(home, workDir, embedder, stub, early)) {
      HttpClient http = HttpClient.newHttpClient();
      String body = "{\"model\":\"llamafarm:llm:bench/p\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
      String gateway = stack.endpoints().gatewayUrl() + "/chat/completions";
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (post(http, gateway, body) != 200 && System.nanoTime() < deadline) {
        Thread.onSpinWait(); // the capability is announced within a discovery interval
      }
      String directUrl = farm + "/v1/projects/bench/p/chat/completions";
      warmUp(out, http, directUrl, gateway);
      double[] direct = time(http, directUrl, requests, "direct");
      long meshStart = System.currentTimeMillis();
      String[] ids = new String[requests];
      double[] mesh = time(http, gateway, requests, "mesh", Duration.ZERO, "llamafarm:llm:bench/p", ids);
      stages(out, stack.endpoints(), meshStart, mesh, ids);
      CommitMetrics.print(out);
      paced(out, http, directUrl, gateway, requests / 2);
      FirstPieces.run(out, http, directUrl, gateway, requests / 2);
      if (early) {
        EmbeddingsRequestBench.run(out, http, stack.endpoints().gatewayUrl(), 500, 10, WARM_UP.dividedBy(3));
      }
      out.printf("gateway + pipeline overhead, %d sequential chats (unique texts, cache bypassed, warm-up excluded): "
              + "direct to LlamaFarm p50 %.2f ms / p99 %.2f ms, through the mesh p50 %.1f ms / p99 %.1f ms / max %.1f ms"
              + " (+%.1f ms per request at p50)%n", requests, Stats.percentile(direct, 50), Stats.percentile(direct, 99),
          Stats.percentile(mesh, 50), Stats.percentile(mesh, 99), Stats.percentile(mesh, 100),
          Stats.percentile(mesh, 50) - Stats.percentile(direct, 50));
      out.flush();
    } finally {
      stub.stop(0);
    }
  }

  /**
   * Where a request's time goes, from the results' own timings (one clock: every part runs in this process): posted →
   * routed (gateway producer, router poll and decision), routed → started (router commit, executor fetch), started →
   * finished (the stand-in), finished → answered (executor commit, router, its commit, the gateway's tap).
   */
  private static void stages(PrintWriter out, dev.atmosphere.ops.Endpoints endpoints, long since, double[] total,
      String[] ids) {
    KafkaConnection connection = new KafkaConnection(endpoints.bootstrap(),
        endpoints.registry(), Map.of());
    Topics topics = Topics.defaults();
    List<double[]> rows = new ArrayList<>();
    Map<String, double[]> byIntent = new java.util.HashMap<>();
    try (KafkaConsumer<String, byte[]> consumer = MeshClient.tailConsumer(connection)) {
      List<TopicPartition> parts = MeshClient.partitions(consumer, topics.results());
      consumer.assign(parts);
      MeshClient.seekToSince(consumer, parts, Duration.ofMillis(System.currentTimeMillis() - since + 1_000));
      var results = connection.serdes().result().deserializer();
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (rows.size() < total.length && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          Timings t = results.deserialize(r.topic(), r.value()).getTimings();
          if (t != null && t.getRoutedAt() != null && t.getStartedAt() != null
              && t.getIntentCreatedAt().toEpochMilli() >= since) {
            double[] row = {t.getRoutedAt().toEpochMilli() - t.getIntentCreatedAt().toEpochMilli(),
                t.getStartedAt().toEpochMilli() - t.getRoutedAt().toEpochMilli(),
                t.getFinishedAt().toEpochMilli() - t.getStartedAt().toEpochMilli(),
                t.getIntentCreatedAt().toEpochMilli() - since};
            rows.add(row);
            byIntent.put(r.key(), row);
          }
        }
      }
    }
    if (rows.isEmpty()) {
      out.println("gateway stages: no timings found in the results");
      return;
    }
    double[] routed = rows.stream().mapToDouble(r -> r[0]).toArray();
    double[] started = rows.stream().mapToDouble(r -> r[1]).toArray();
    double[] ran = rows.stream().mapToDouble(r -> r[2]).toArray();
    double rest = Stats.percentile(total, 50) - Stats.percentile(routed, 50) - Stats.percentile(started, 50)
        - Stats.percentile(ran, 50);
    out.printf("gateway stages (p50 of %d results, ms): posted -> routed %.1f, routed -> started %.1f, started -> "
        + "finished %.1f, finished -> answered (the rest of the p50) %.1f%n", rows.size(), Stats.percentile(routed, 50),
        Stats.percentile(started, 50), Stats.percentile(ran, 50), rest);
    out.printf("gateway stages, p99: posted -> routed %.1f, routed -> started %.1f, started -> finished %.1f%n",
        Stats.percentile(routed, 99), Stats.percentile(started, 99), Stats.percentile(ran, 99));
    SlowRequests.print(out, total, ids, byIntent, since);
  }

  /**
   * The same at a person's pace (50 ms between requests): what one interactive user sees, without the router's work
   * for the previous request (its terminal result, written after the answer went out) still under way.
   */
  private static void paced(PrintWriter out, HttpClient http, String directUrl, String gateway, int n)
      throws Exception {
    double[] direct = time(http, directUrl, n, "paced direct", Duration.ofMillis(50));
    double[] mesh = time(http, gateway, n, "paced mesh", Duration.ofMillis(50));
    out.printf("gateway + pipeline overhead at a person's pace, %d chats 50 ms apart: direct p50 %.2f ms, through the "
            + "mesh p50 %.1f ms / p99 %.1f ms (+%.1f ms per request at p50)%n", n, Stats.percentile(direct, 50),
        Stats.percentile(mesh, 50), Stats.percentile(mesh, 99), Stats.percentile(mesh, 50) - Stats.percentile(direct, 50));
    double[] auto = time(http, gateway, n, "paced auto", Duration.ofMillis(50), "auto");
    out.printf("  the same routed by meaning (model auto: the router embeds each new text before it routes): p50 %.1f ms"
            + " / p99 %.1f ms (+%.1f ms per request at p50)%n", Stats.percentile(auto, 50), Stats.percentile(auto, 99),
        Stats.percentile(auto, 50) - Stats.percentile(direct, 50));
  }

  /**
   * Both paths, plain and streamed, until {@link #WARM_UP} has passed (a whole run's worth at least): the stack has
   * just started in this JVM, whose one C2 compiler thread is still compiling the broker, Streams and the gateway for
   * the first half minute or more — figures taken then measure the JIT, not the mesh.
   */
  private static void warmUp(PrintWriter out, HttpClient http, String directUrl, String gateway) throws Exception {
    long until = System.nanoTime() + WARM_UP.toNanos();
    int rounds = 0;
    while (System.nanoTime() < until) {
      time(http, directUrl, 5, "warm-up " + rounds);
      time(http, gateway, 5, "warm-up " + rounds);
      FirstPieces.firstChunk(http, gateway, "warm-up stream " + rounds++);
    }
    out.printf("warm-up (excluded): %d s, %d chats through the mesh%n", WARM_UP.toSeconds(), rounds * 6);
  }

  private static double[] time(HttpClient http, String url, int n, String run) throws Exception {
    return time(http, url, n, run, Duration.ZERO);
  }

  private static double[] time(HttpClient http, String url, int n, String run, Duration pause) throws Exception {
    return time(http, url, n, run, pause, "llamafarm:llm:bench/p");
  }

  /** {@code model}: the capability id (pinned: routed by its id) or {@code auto} (routed by meaning). */
  private static double[] time(HttpClient http, String url, int n, String run, Duration pause, String model)
      throws Exception {
    return time(http, url, n, run, pause, model, null);
  }

  /** As above; {@code ids}, when given, receives each answer's intent id (its {@code chatcmpl-} id). */
  private static double[] time(HttpClient http, String url, int n, String run, Duration pause, String model,
      String[] ids) throws Exception {
    double[] ms = new double[n];
    for (int i = 0; i < n; i++) {
      java.util.concurrent.locks.LockSupport.parkNanos(pause.toNanos());
      String body = "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"" + run
          + " question number " + i + "\"}]}";
      long start = System.nanoTime();
      HttpResponse<String> response = send(http, url, body);
      ms[i] = (System.nanoTime() - start) / 1e6;
      if (response.statusCode() != 200) {
        throw new IllegalStateException(run + " request " + i + " answered HTTP " + response.statusCode());
      }
      if (ids != null) {
        ids[i] = SlowRequests.intentId(response.body());
      }
    }
    return ms;
  }

  private static int post(HttpClient http, String url, String body) throws Exception {
    return send(http, url, body).statusCode();
  }

  private static HttpResponse<String> send(HttpClient http, String url, String body) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
        .header("X-Atmosphere-Cache", "bypass").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
