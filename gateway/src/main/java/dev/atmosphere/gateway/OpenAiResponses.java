package dev.atmosphere.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atmosphere.schemas.CapabilityAnnouncement;
import dev.atmosphere.schemas.RouteDecision;
import dev.atmosphere.schemas.WorkResult;
import dev.atmosphere.schemas.WorkStatus;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;

/**
 * Writes OpenAI response shapes (ChatCompletion, chunk, model list, embedding list, error object) from mesh
 * records, adding an {@code atmosphere} object (node, capability, score, route id) that OpenAI clients ignore.
 */
public final class OpenAiResponses {

  private OpenAiResponses() {}

  public static ObjectNode completion(String requestedModel, RouteDecision route, WorkResult result) {
    ObjectNode out = head("chatcmpl-" + result.getIntentId(), "chat.completion",
        result.getTimings().getFinishedAt().getEpochSecond(), modelOf(requestedModel, result));
    ObjectNode choice = out.putArray("choices").addObject();
    choice.put("index", 0);
    ObjectNode message = choice.putObject("message").put("role", "assistant").put("content", result.getOutput());
    JsonNode calls = toolCalls(result);
    if (calls != null) {
      message.set("tool_calls", calls);
      if (result.getOutput() == null || result.getOutput().isEmpty()) {
        message.putNull("content");
      }
    }
    choice.put("finish_reason", calls != null ? "tool_calls" : "stop");
    out.set("usage", usage(result));
    out.set("atmosphere", extension(route, result));
    return out;
  }

  /** The tool calls of a result as an OpenAI array, or null when it has none. */
  static JsonNode toolCalls(WorkResult result) {
    if (result.getToolCallsJson() == null) {
      return null;
    }
    try {
      JsonNode calls = OpenAiRequests.JSON.readTree(result.getToolCallsJson());
      return calls.isArray() && !calls.isEmpty() ? calls : null;
    } catch (java.io.IOException e) {
      return null;
    }
  }

  /** A stream's tool calls as one chunk, each call whole with its {@code index}; the next chunk ends the stream. */
  public static ObjectNode toolCallChunk(String id, String model, long created, JsonNode calls) {
    ObjectNode out = head(id, "chat.completion.chunk", created, model);
    ObjectNode choice = out.putArray("choices").addObject();
    choice.put("index", 0);
    var list = choice.putObject("delta").put("role", "assistant").putArray("tool_calls");
    for (int i = 0; i < calls.size(); i++) {
      list.add(((ObjectNode) calls.get(i).deepCopy()).put("index", i));
    }
    choice.putNull("finish_reason");
    return out;
  }

  /** The legacy {@code text_completion} shape of {@code /v1/completions}. */
  public static ObjectNode textCompletion(String requestedModel, RouteDecision route, WorkResult result) {
    ObjectNode out = head("cmpl-" + result.getIntentId(), "text_completion",
        result.getTimings().getFinishedAt().getEpochSecond(), modelOf(requestedModel, result));
    out.putArray("choices").addObject().put("text", result.getOutput()).put("index", 0).putNull("logprobs")
        .put("finish_reason", "stop");
    out.set("usage", usage(result));
    out.set("atmosphere", extension(route, result));
    return out;
  }

  /** The last streamed chunk when {@code stream_options.include_usage} asks for it: no choices, the usage. */
  public static ObjectNode usageChunk(String id, String model, long created, WorkResult result) {
    ObjectNode out = head("chatcmpl-" + id, "chat.completion.chunk", created, model);
    out.putArray("choices");
    out.set("usage", usage(result));
    return out;
  }

  static ObjectNode head(String id, String object, long created, String model) {
    return OpenAiRequests.JSON.createObjectNode().put("id", id).put("object", object).put("created", created)
        .put("model", model);
  }

  private static ObjectNode usage(WorkResult result) {
    int prompt = result.getPromptTokens() == null ? 0 : result.getPromptTokens();
    int completion = result.getCompletionTokens() == null ? 0 : result.getCompletionTokens();
    return OpenAiRequests.JSON.createObjectNode().put("prompt_tokens", prompt).put("completion_tokens", completion)
        .put("total_tokens", prompt + completion);
  }

  public static ObjectNode extension(RouteDecision route, WorkResult result) {
    ObjectNode ext = OpenAiRequests.JSON.createObjectNode();
    ext.put("intent_id", result.getIntentId());
    ext.put("node", result.getNodeId());
    ext.put("capability", result.getCapabilityId());
    ext.put("status", result.getStatus().name());
    ext.put("cache", result.getCacheHit() ? "hit" : "miss");
    if (result.getCacheSimilarity() != null) {
      ext.put("cache_similarity", result.getCacheSimilarity());
    }
    if (route != null) {
      ext.put("route_id", route.getRouteId());
      if (route.getScore() != null) {
        ext.put("score", route.getScore());
      }
    }
    return ext;
  }

  public static ObjectNode models(List<CapabilityAnnouncement> capabilities, Instant now) {
    ObjectNode out = OpenAiRequests.JSON.createObjectNode();
    out.put("object", "list");
    ArrayNode data = out.putArray("data");
    data.addObject().put("id", "auto").put("object", "model").put("created", now.getEpochSecond())
        .put("owned_by", "atmosphere");
    capabilities.stream()
        .sorted(Comparator.comparing(CapabilityAnnouncement::getCapabilityId))
        .map(CapabilityAnnouncement::getCapabilityId).distinct()
        .forEach(id -> data.addObject().put("id", id).put("object", "model").put("created", now.getEpochSecond())
            .put("owned_by", capabilities.stream().filter(c -> c.getCapabilityId().equals(id)).findFirst()
                .map(CapabilityAnnouncement::getNodeId).orElse("mesh")));
    return out;
  }

  /** Embedding list; {@code base64} encodes little-endian float32 as OpenAI does. */
  public static ObjectNode embeddings(List<WorkResult> results, String model, boolean base64) {
    ObjectNode out = OpenAiRequests.JSON.createObjectNode();
    out.put("object", "list");
    ArrayNode data = out.putArray("data");
    int tokens = 0;
    int i = 0;
    for (WorkResult r : results) {
      java.util.Optional<List<String>> texts = base64 ? java.util.Optional.empty() : VectorText.split(r.getOutput());
      if (texts.isPresent()) { // the node's digits, as it wrote them
        for (String vector : texts.get()) {
          data.addObject().put("object", "embedding").put("index", i++)
              .putRawValue("embedding", new com.fasterxml.jackson.databind.util.RawValue(vector));
        }
      } else {
        for (float[] vector : vectors(r.getOutput())) {
          put(data.addObject().put("object", "embedding").put("index", i++), vector, base64);
        }
      }
      tokens += r.getPromptTokens() == null ? 0 : r.getPromptTokens();
    }
    out.put("model", model.equals("auto") && !results.isEmpty() ? results.get(0).getCapabilityId() : model);
    out.putObject("usage").put("prompt_tokens", tokens).put("total_tokens", tokens);
    return out;
  }

  private static void put(ObjectNode item, float[] vector, boolean base64) {
    if (base64) {
      ByteBuffer buffer = ByteBuffer.allocate(vector.length * 4).order(ByteOrder.LITTLE_ENDIAN);
      for (float f : vector) {
        buffer.putFloat(f);
      }
      item.put("embedding", Base64.getEncoder().encodeToString(buffer.array()));
    } else {
      ArrayNode values = item.putArray("embedding");
      for (float f : vector) {
        values.add(f);
      }
    }
  }

  public static ObjectNode error(GatewayError e) {
    ObjectNode out = OpenAiRequests.JSON.createObjectNode();
    ObjectNode error = out.putObject("error");
    error.put("message", e.getMessage());
    error.put("type", e.type());
    error.put("param", e.param());
    error.put("code", e.code());
    return out;
  }

  /** The error a non-successful result becomes. */
  public static GatewayError errorOf(WorkResult result) {
    return switch (result.getStatus()) {
      case NO_ROUTE -> new GatewayError(503, "no_route", null, "no_route", result.getError());
      case REJECTED -> "INVALID".equals(result.getErrorKind()) // the router refused the intent as posted
          ? new GatewayError(400, "invalid_request_error", null, "invalid_intent", result.getError())
          : new GatewayError(429, "rate_limit_error", null, "rejected", result.getError()); // every node is full
      case FAILED -> "TIMEOUT".equals(result.getErrorKind())
          ? new GatewayError(504, "timeout", null, "upstream_timeout", result.getError())
          : new GatewayError(502, "upstream_error", null, result.getErrorKind() == null ? "failed"
              : result.getErrorKind().toLowerCase(), upstreamMessage(result));
      case SUCCEEDED -> throw new IllegalArgumentException("not an error");
    };
  }

  private static String upstreamMessage(WorkResult r) {
    return r.getCapabilityId() + " on " + r.getNodeId() + " failed: " + r.getError();
  }

  static String modelOf(String requested, WorkResult result) {
    return requested.equals("auto") && result.getCapabilityId() != null ? result.getCapabilityId() : requested;
  }

  /** One vector ({@code [..]}) or a batch's vectors in input order ({@code [[..],[..]]}). */
  static List<float[]> vectors(String json) {
    try {
      JsonNode array = OpenAiRequests.JSON.readTree(json);
      if (array == null || !array.isArray()) {
        throw new IOException("not an array");
      }
      if (array.size() > 0 && array.get(0).isArray()) {
        List<float[]> out = new java.util.ArrayList<>(array.size());
        array.forEach(v -> out.add(floats(v)));
        return out;
      }
      return List.of(floats(array));
    } catch (IOException | NullPointerException e) {
      throw new GatewayError(502, "upstream_error", null, "bad_embedding", "the embeddings capability answered "
          + "something that is not a vector");
    }
  }

  private static float[] floats(JsonNode array) {
    float[] v = new float[array.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) array.get(i).asDouble();
    }
    return v;
  }


  static boolean succeeded(WorkResult r) {
    return r.getStatus() == WorkStatus.SUCCEEDED;
  }
}
