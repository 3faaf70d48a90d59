package dev.atmosphere.common.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * JSON over HTTP for the backends (LlamaFarm, Ollama), with every failure turned into an {@link HttpFailure}
 * of a known kind. The only place the node agent and executors touch {@code java.net.http}.
 */
public final class JsonHttp {

  public static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_ERROR_BODY = 300;

  /** Default longest silence inside a streamed answer (a model may think a while between tokens, not minutes). */
  public static final Duration DEFAULT_IDLE = Duration.ofSeconds(120);

  private final HttpClient client;
  private final Duration idle;

  public JsonHttp(Duration connectTimeout) {
    this(connectTimeout, DEFAULT_IDLE);
  }

  /** @param idle longest silence tolerated inside a streamed answer */
  public JsonHttp(Duration connectTimeout, Duration idle) {
    this.client = HttpClient.newBuilder().connectTimeout(connectTimeout).version(HttpClient.Version.HTTP_1_1).build();
    this.idle = idle;
  }

  public JsonNode get(String url, Duration timeout) {
    return parse(url, send(HttpRequest.newBuilder(URI.create(url)).timeout(timeout).GET().build(), url));
  }

  public JsonNode post(String url, Object body, Map<String, String> headers, Duration timeout) {
    return parse(url, send(postRequest(url, body, headers, timeout), url));
  }

  /**
   * GET of a binary body of at most {@code maxBytes} (a claim-checked image): a longer body is a BAD_RESPONSE, read
   * no further; a body that stalls fails with a TIMEOUT like a stream.
   */
  public byte[] getBytes(String url, long maxBytes, Duration timeout) {
    HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(timeout).GET().build();
    try {
      HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
      try (InputStream in = new StallGuard(response.body(), url, idle, timeout)) {
        if (response.statusCode() / 100 != 2) {
          throw statusFailure(url, response.statusCode(), new String(in.readNBytes(MAX_ERROR_BODY), StandardCharsets.UTF_8));
        }
        byte[] body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
        if (body.length > maxBytes) {
          throw new HttpFailure(HttpFailure.Kind.BAD_RESPONSE, null, url + " answered more than " + maxBytes + " bytes",
              null);
        }
        return body;
      }
    } catch (IOException e) {
      throw classify(url, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new HttpFailure(HttpFailure.Kind.IO, null, "interrupted calling " + url, e);
    }
  }

  /**
   * POST whose reply is read as a stream (NDJSON or SSE); the caller closes it. Reading it fails with a TIMEOUT when
   * the backend goes silent for the idle timeout or the whole answer outlasts {@code timeout} ({@link StallGuard}).
   */
  public InputStream postStreaming(String url, Object body, Map<String, String> headers, Duration timeout) {
    HttpRequest request = postRequest(url, body, headers, timeout);
    try {
      HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
      if (response.statusCode() / 100 != 2) {
        try (InputStream in = response.body()) {
          throw statusFailure(url, response.statusCode(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
      }
      return new StallGuard(response.body(), url, idle, timeout);
    } catch (IOException e) {
      throw classify(url, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new HttpFailure(HttpFailure.Kind.IO, null, "interrupted calling " + url, e);
    }
  }

  private static HttpRequest postRequest(String url, Object body, Map<String, String> headers, Duration timeout) {
    try {
      HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(timeout)
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
      headers.forEach(b::header);
      return b.build();
    } catch (IOException e) {
      throw new HttpFailure(HttpFailure.Kind.IO, null, "cannot encode request body for " + url, e);
    }
  }

  /**
   * Sends and reads the whole body within the request's timeout: the JDK's own timeout ends at the headers, so a
   * body that stalls half-way would otherwise block the caller for good.
   */
  private String send(HttpRequest request, String url) {
    java.util.concurrent.CompletableFuture<HttpResponse<String>> call =
        client.sendAsync(request, HttpResponse.BodyHandlers.ofString());
    try {
      long wait = request.timeout().orElse(Duration.ofMinutes(10)).toMillis();
      HttpResponse<String> response = call.get(wait, java.util.concurrent.TimeUnit.MILLISECONDS);
      if (response.statusCode() / 100 != 2) {
        throw statusFailure(url, response.statusCode(), response.body());
      }
      return response.body();
    } catch (java.util.concurrent.TimeoutException e) {
      call.cancel(true);
      throw new HttpFailure(HttpFailure.Kind.TIMEOUT, null, url + " did not finish its answer in time", e);
    } catch (java.util.concurrent.ExecutionException e) {
      if (e.getCause() instanceof IOException io) {
        throw classify(url, io);
      }
      throw new HttpFailure(HttpFailure.Kind.IO, null, "I/O error calling " + url + ": " + e.getCause(), e.getCause());
    } catch (InterruptedException e) {
      call.cancel(true);
      Thread.currentThread().interrupt();
      throw new HttpFailure(HttpFailure.Kind.IO, null, "interrupted calling " + url, e);
    }
  }

  private static HttpFailure statusFailure(String url, int status, String body) {
    String excerpt = body == null ? "" : body.length() > MAX_ERROR_BODY ? body.substring(0, MAX_ERROR_BODY) : body;
    return new HttpFailure(HttpFailure.Kind.HTTP_STATUS, status, url + " answered HTTP " + status + ": " + excerpt,
        null);
  }

  static HttpFailure classify(String url, IOException e) {
    if (e instanceof HttpConnectTimeoutException) {
      return new HttpFailure(HttpFailure.Kind.TIMEOUT, null, "connect to " + url + " timed out", e);
    }
    if (e instanceof HttpTimeoutException) {
      return new HttpFailure(HttpFailure.Kind.TIMEOUT, null, url + " did not answer in time", e);
    }
    if (e instanceof ConnectException || e.getCause() instanceof ConnectException) {
      return new HttpFailure(HttpFailure.Kind.CONNECTION_REFUSED, null, "connection refused by " + url, e);
    }
    return new HttpFailure(HttpFailure.Kind.IO, null, "I/O error calling " + url + ": " + e, e);
  }

  private static JsonNode parse(String url, String body) {
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      throw new HttpFailure(HttpFailure.Kind.BAD_RESPONSE, null, url + " answered with invalid JSON", e);
    }
  }
}
