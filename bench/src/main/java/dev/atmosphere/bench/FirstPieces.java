package dev.atmosphere.bench;

import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * How soon a streamed answer starts: the time from sending a streamed chat to its first piece, straight to the
 * stand-in and through the mesh (the gateway bench's stand-in streams "ok" first).
 */
final class FirstPieces {

  private FirstPieces() {}

  /** Streamed chats: time from sending the request to the first piece of the answer, direct and through the mesh. */
  static void run(PrintWriter out, HttpClient http, String directUrl, String gateway, int n)
      throws Exception {
    double[] direct = new double[n];
    double[] mesh = new double[n];
    for (int i = 0; i < n + 10; i++) { // the first 10 of each warm up
      double d = firstChunk(http, directUrl, "stream direct " + i);
      double m = firstChunk(http, gateway, "stream mesh " + i);
      if (i >= 10) {
        direct[i - 10] = d;
        mesh[i - 10] = m;
      }
    }
    out.printf("first streamed piece, %d streamed chats: direct p50 %.2f ms, through the mesh p50 %.1f ms / p99 %.1f ms"
            + " (+%.1f ms at p50)%n", n, Stats.percentile(direct, 50), Stats.percentile(mesh, 50),
        Stats.percentile(mesh, 99), Stats.percentile(mesh, 50) - Stats.percentile(direct, 50));
  }

  static double firstChunk(HttpClient http, String url, String text) throws Exception {
    String body = "{\"model\":\"llamafarm:llm:bench/p\",\"stream\":true,\"messages\":[{\"role\":\"user\","
        + "\"content\":\"" + text + "\"}]}";
    long start = System.nanoTime();
    HttpResponse<java.util.stream.Stream<String>> response = http.send(HttpRequest.newBuilder(URI.create(url))
        .header("Content-Type", "application/json").header("X-Atmosphere-Cache", "bypass")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofLines());
    try (java.util.stream.Stream<String> lines = response.body()) {
      if (lines.noneMatch(l -> l.startsWith("data:") && l.contains("\"content\":\"ok"))) {
        throw new IllegalStateException("streamed chat to " + url + " had no piece (HTTP " + response.statusCode() + ")");
      }
      return (System.nanoTime() - start) / 1e6;
    }
  }
}
