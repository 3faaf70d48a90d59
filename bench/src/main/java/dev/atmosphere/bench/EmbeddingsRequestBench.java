package dev.atmosphere.bench;

import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * {@code /v1/embeddings} as LangChain's {@code embedDocuments} sends it — 500 texts in one request — through the
 * gateway, the router and this node's built-in MiniLM: inputs per second on one node, every text new.
 */
final class EmbeddingsRequestBench {

  private static final String MODEL = "builtin:embeddings:all-MiniLM-L6-v2";

  private EmbeddingsRequestBench() {}

  /** @param warmUp how long requests are sent and not counted first */
  static void run(PrintWriter out, HttpClient http, String gatewayBase, int inputs, int requests, Duration warmUp)
      throws Exception {
    String url = gatewayBase + "/embeddings";
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (post(http, url, body(inputs, "warm-up")).statusCode() != 200) { // the capability is announced shortly
      if (System.nanoTime() > deadline) {
        out.println("embeddings: the built-in embeddings capability never answered");
        return;
      }
    }
    long warmUntil = System.nanoTime() + warmUp.toNanos();
    for (int w = 0; System.nanoTime() < warmUntil; w++) { // the JIT still compiles the path (warm-up excluded)
      post(http, url, body(inputs, "warm-up " + w));
    }
    double[] seconds = new double[requests];
    for (int r = 0; r < requests; r++) {
      long start = System.nanoTime();
      HttpResponse<String> reply = post(http, url, body(inputs, "request " + r));
      seconds[r] = (System.nanoTime() - start) / 1e9;
      if (reply.statusCode() != 200) {
        out.printf("embeddings: request %d answered %d: %s%n", r, reply.statusCode(), reply.body());
        return;
      }
    }
    out.printf("/v1/embeddings, %d requests of %d new texts each through the gateway, router and built-in MiniLM on"
            + " one node: p50 %.2f s per request = %.0f inputs/s (best %.0f)%n", requests, inputs,
        Stats.percentile(seconds, 50), inputs / Stats.percentile(seconds, 50), inputs / Stats.percentile(seconds, 0));
    out.flush();
  }

  private static String body(int inputs, String tag) {
    return "{\"model\":\"" + MODEL + "\",\"input\":[" + IntStream.range(0, inputs)
        .mapToObj(k -> "\"" + tag + ": passage " + k + " of the employee handbook on travel expenses\"")
        .collect(Collectors.joining(",")) + "]}";
  }

  private static HttpResponse<String> post(HttpClient http, String url, String body) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(120))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
