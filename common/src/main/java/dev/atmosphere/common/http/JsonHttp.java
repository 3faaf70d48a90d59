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

  private final HttpClient client;

  public JsonHttp(Duration connectTimeout) {
    this.client = HttpClient.newBuilder().connectTimeout(connectTimeout).version(HttpClient.Version.HTTP_1_1).build();
  }

  public JsonNode get(String url, Duration timeout) {
    return parse(url, send(HttpRequest.newBuilder(URI.create(url)).timeout(timeout).GET().build(), url));
  }

  public JsonNode post(String url, Object body, Map<String, String> headers, Duration timeout) {
    return parse(url, send(postRequest(url, body, headers, timeout), url));
  }

  /** POST whose reply is read as a stream (NDJSON or SSE); the caller closes it. */
  public InputStream postStreaming(String url, Object body, Map<String, String> headers, Duration timeout) {
    HttpRequest request = postRequest(url, body, headers, timeout);
    try {
      HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
      if (response.statusCode() / 100 != 2) {
        try (InputStream in = response.body()) {
          throw statusFailure(url, response.statusCode(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
      }
      return response.body();
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

  private String send(HttpRequest request, String url) {
    try {
      HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() / 100 != 2) {
        throw statusFailure(url, response.statusCode(), response.body());
      }
      return response.body();
    } catch (IOException e) {
      throw classify(url, e);
    } catch (InterruptedException e) {
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
