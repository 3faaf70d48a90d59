package dev.atmosphere.gateway;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An embeddings capability's answer — one vector {@code [..]} or a unit's vectors {@code [[..],[..]]}, as JSON text —
 * split into each vector's own text, so a float response passes the node's digits through instead of converting every
 * number and printing it again (a 500-input request to MiniLM is 192,000 numbers, which cost the gateway a quarter of
 * a core). Jackson's tokenizer checks the text (it reads a number's digits without converting them); only arrays of
 * plain JSON numbers pass, anything else (NaN, strings, deeper nesting) is refused and the caller parses as before.
 */
final class VectorText {

  private VectorText() {}

  /** Each vector's JSON text in input order, or empty when the answer is not plain arrays of JSON numbers. */
  static Optional<List<String>> split(String json) {
    if (json == null) {
      return Optional.empty();
    }
    try (JsonParser p = OpenAiRequests.JSON.getFactory().createParser(json)) {
      if (p.nextToken() != JsonToken.START_ARRAY) {
        return Optional.empty();
      }
      List<String> out = new ArrayList<>();
      JsonToken first = p.nextToken();
      if (first != JsonToken.START_ARRAY) { // one vector
        return numbers(p, first) && p.nextToken() == null ? Optional.of(List.of(json.strip())) : Optional.empty();
      }
      for (JsonToken t = first; t != JsonToken.END_ARRAY; t = p.nextToken()) {
        int start = (int) p.currentTokenLocation().getCharOffset();
        if (t != JsonToken.START_ARRAY || !numbers(p, p.nextToken())) {
          return Optional.empty();
        }
        out.add(json.substring(start, (int) p.currentLocation().getCharOffset()));
      }
      return p.nextToken() == null ? Optional.of(out) : Optional.empty();
    } catch (IOException e) { // not JSON, or a number JSON does not allow
      return Optional.empty();
    }
  }

  /** Reads numbers from {@code t} to the array's end: true when there was at least one and nothing else. */
  private static boolean numbers(JsonParser p, JsonToken t) throws IOException {
    int n = 0;
    for (; t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT; t = p.nextToken()) {
      n++;
    }
    return t == JsonToken.END_ARRAY && n > 0;
  }
}
