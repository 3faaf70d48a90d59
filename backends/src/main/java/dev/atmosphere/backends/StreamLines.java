package dev.atmosphere.backends;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atmosphere.common.http.HttpFailure;
import dev.atmosphere.common.http.JsonHttp;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Reads streamed provider answers line by line: SSE {@code data:} events (LlamaFarm) or NDJSON (Ollama). A stream
 * that ends without its end marker ({@code [DONE]}, {@code "done": true}) was cut off — a crashed backend, a dropped
 * connection — and fails the attempt (so it is failed over and never cached as a whole answer).
 */
public final class StreamLines {

  private StreamLines() {}

  /** Calls {@code onEvent} with each JSON event until {@code [DONE]}; a stream that ends before it fails. */
  public static void sse(InputStream body, Consumer<JsonNode> onEvent) {
    read(body, "[DONE]", line -> {
      if (!line.startsWith("data:")) {
        return true;
      }
      String data = line.substring(5).strip();
      if (data.equals("[DONE]")) {
        return false;
      }
      onEvent.accept(parse(data));
      return true;
    });
  }

  /** Calls {@code onEvent} with each JSON line until one says {@code "done": true}; one that ends before fails. */
  public static void ndjson(InputStream body, Consumer<JsonNode> onEvent) {
    read(body, "\"done\": true", line -> {
      if (line.isBlank()) {
        return true;
      }
      JsonNode event = parse(line);
      onEvent.accept(event);
      return !event.path("done").asBoolean(false);
    });
  }

  private interface LineHandler {
    boolean more(String line);
  }

  private static void read(InputStream body, String endMarker, LineHandler handler) {
    try (BufferedReader reader = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        if (!handler.more(line)) {
          return;
        }
      }
      throw new HttpFailure(HttpFailure.Kind.IO, null, "stream ended without its end marker (" + endMarker
          + "): cut off", null);
    } catch (IOException e) {
      throw new HttpFailure(HttpFailure.Kind.IO, null, "stream broke off: " + e.getMessage(), e);
    }
  }

  private static JsonNode parse(String json) {
    try {
      return JsonHttp.JSON.readTree(json);
    } catch (IOException e) {
      throw new HttpFailure(HttpFailure.Kind.BAD_RESPONSE, null, "invalid JSON in stream: " + json, e);
    }
  }
}
