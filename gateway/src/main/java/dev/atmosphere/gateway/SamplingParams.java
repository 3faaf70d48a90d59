package dev.atmosphere.gateway;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The sampling parameters the gateway passes to a model, checked as OpenAI checks them: a careless client's
 * {@code "temperature": "hot"} is a 400 naming the field, not a request that fails later on some node (or that a
 * lenient backend quietly ignores). Ranges are OpenAI's: temperature 0–2, top_p 0–1, penalties −2–2, an integer
 * seed, up to four stop strings, a string user, a boolean stream; {@code n} only 1.
 */
final class SamplingParams {

  private SamplingParams() {}

  static void check(JsonNode body) {
    number(body, "temperature", 0, 2);
    number(body, "top_p", 0, 1);
    number(body, "presence_penalty", -2, 2);
    number(body, "frequency_penalty", -2, 2);
    JsonNode seed = body.path("seed");
    if (present(seed) && !seed.canConvertToLong()) {
      throw GatewayError.badRequest("seed", "'seed' must be an integer");
    }
    JsonNode stop = body.path("stop");
    if (present(stop) && !stop.isTextual() && !(stop.isArray() && stop.size() <= 4
        && java.util.stream.StreamSupport.stream(stop.spliterator(), false).allMatch(JsonNode::isTextual))) {
      throw GatewayError.badRequest("stop", "'stop' must be a string or an array of up to 4 strings");
    }
    JsonNode stream = body.path("stream"); // "yes" was read as false: a careless client lost its stream unawares
    if (present(stream) && !stream.isBoolean()) {
      throw GatewayError.badRequest("stream", "'stream' must be true or false");
    }
    JsonNode n = body.path("n"); // n = 3 was answered with one choice: a request runs one completion in the mesh
    if (present(n) && !(n.isIntegralNumber() && n.asInt() == 1)) {
      throw GatewayError.badRequest("n", "'n' must be 1: each request runs one completion in the mesh; send n "
          + "requests for n answers");
    }
    JsonNode user = body.path("user");
    if (present(user) && !user.isTextual()) {
      throw GatewayError.badRequest("user", "'user' must be a string");
    }
  }

  private static void number(JsonNode body, String field, double min, double max) {
    JsonNode v = body.path(field);
    if (present(v) && (!v.isNumber() || !(v.asDouble() >= min && v.asDouble() <= max))) {
      throw GatewayError.badRequest(field, "'" + field + "' must be a number from " + fmt(min) + " to " + fmt(max));
    }
  }

  private static boolean present(JsonNode v) {
    return !v.isMissingNode() && !v.isNull();
  }

  private static String fmt(double d) {
    return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
  }
}
