package dev.atmosphere.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atmosphere.gateway.images.ImageContent;
import dev.atmosphere.gateway.images.VisionCheck;
import dev.atmosphere.schemas.CapabilityAnnouncement;
import dev.atmosphere.schemas.ChatMessage;
import dev.atmosphere.schemas.Intent;
import dev.atmosphere.schemas.IntentConstraints;
import dev.atmosphere.schemas.IntentKind;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Maps OpenAI-shaped requests to intents, the one mapper of this HTTP edge. {@code model} is {@code auto}
 * (route by meaning), a capability id ({@code llamafarm:rag:legal/contracts}) or a model name served by some
 * capability. Constraints come from the {@code X-Atmosphere-Constraints} header or the body's {@code atmosphere}
 * object; every problem is a 400/404 naming the field.
 */
public final class OpenAiRequests {

  static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> ROLES = Set.of("system", "developer", "user", "assistant", "tool", "function");

  private static final Set<String> PASS_THROUGH =
      Set.of("temperature", "top_p", "max_tokens", "max_completion_tokens", "stop", "seed", "presence_penalty",
          "frequency_penalty", "user");

  /** Upper bounds: OpenAI's own where it has one (2,048 embedding inputs), generous elsewhere, never unbounded. */
  static final long MAX_TIMEOUT_MS = 3_600_000;
  static final int MAX_MESSAGES = 2_048;
  static final int MAX_EMBEDDING_INPUTS = 2_048;
  static final long MAX_TOKENS = 1_000_000;
  /** Inputs per EMBED unit: 64 MiniLM vectors are ~250 KB of JSON, well under Kafka's 1 MB record default. */
  static final int EMBED_BATCH = 64;

  private OpenAiRequests() {}

  /** What a request asked for, before it is posted. */
  public record Parsed(Intent intent, boolean stream, Duration timeout, String requestedModel, boolean includeUsage) {}

  public static JsonNode body(String raw) {
    try {
      JsonNode node = JSON.readTree(raw == null || raw.isBlank() ? "{}" : raw);
      if (!node.isObject()) {
        throw GatewayError.badRequest(null, "request body must be a JSON object");
      }
      return node;
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw GatewayError.badRequest(null, "request body is not valid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw GatewayError.badRequest(null, "request body could not be read");
    }
  }

  /** Makes the per-request image reader (it claim-checks large images for {@code intentId} up to {@code ttl}). */
  public interface Images {
    ImageContent forRequest(String intentId, Duration ttl);
  }

  public static Parsed chat(JsonNode body, String constraintsHeader, List<CapabilityAnnouncement> table,
      String originNode, Duration defaultTimeout, Instant now, String intentId, Images images) {
    String model = requiredText(body, "model");
    JsonNode messages = body.path("messages");
    if (!messages.isArray() || messages.isEmpty()) {
      throw GatewayError.badRequest("messages", "'messages' must be a non-empty array");
    }
    if (messages.size() > MAX_MESSAGES) {
      throw GatewayError.badRequest("messages", "'messages' holds " + messages.size() + " messages; at most "
          + MAX_MESSAGES + " are accepted");
    }
    for (String field : List.of("max_tokens", "max_completion_tokens")) {
      JsonNode v = body.path(field);
      if (!v.isMissingNode() && !v.isNull() && (!v.canConvertToLong() || v.asLong() <= 0 || v.asLong() > MAX_TOKENS)) {
        throw GatewayError.badRequest(field, "'" + field + "' must be an integer from 1 to " + MAX_TOKENS);
      }
    }
    SamplingParams.check(body);
    Duration timeout = timeout(body, defaultTimeout);
    ImageContent reader = images.forRequest(intentId, timeout);
    List<ChatMessage> conversation = new ArrayList<>();
    String lastUser = null;
    boolean seeing = false;
    for (int i = 0; i < messages.size(); i++) {
      JsonNode m = messages.get(i);
      String role = m.path("role").asText("");
      if (role.isEmpty()) {
        throw GatewayError.badRequest("messages[" + i + "].role", "every message needs a 'role'");
      }
      if (!ROLES.contains(role)) { // "wizard" was passed on, and then blamed on a missing user message
        throw GatewayError.badRequest("messages[" + i + "].role", "'" + role + "' is not a role: use system, "
            + "developer, user, assistant or tool");
      }
      ImageContent.Read content = reader.read(m.path("content"), "messages[" + i + "].content");
      conversation.add(new ChatMessage(role, content.text(), content.images(), ToolParams.toolCalls(m, i),
          ToolParams.toolCallId(m, i)));
      seeing |= !content.images().isEmpty();
      if (role.equals("user")) {
        lastUser = content.text().isBlank() && !content.images().isEmpty() ? "Describe this image." : content.text();
      }
    }
    if (lastUser == null || lastUser.isBlank()) {
      throw GatewayError.badRequest("messages", "the conversation needs a user message with text or an image");
    }
    boolean tools = ToolParams.check(body);
    ObjectNode params = JSON.createObjectNode();
    ToolParams.PASS_THROUGH.forEach(k -> {
      if (body.hasNonNull(k)) {
        params.set(k, body.get(k));
      }
    });
    PASS_THROUGH.forEach(k -> {
      if (body.has(k)) {
        params.set(k, body.get(k));
      }
    });
    Intent.Builder intent = Intent.newBuilder()
        .setIntentId(intentId)
        .setOriginNodeId(originNode)
        .setKind(seeing ? IntentKind.VISION : IntentKind.CHAT)
        .setText(lastUser)
        .setMessages(conversation)
        .setConstraints(constraints(body, constraintsHeader))
        .setParametersJson(params.isEmpty() ? null : params.toString())
        .setStream(body.path("stream").asBoolean(false))
        .setNeedsTools(tools)
        .setCreatedAt(now)
        .setDeadlineAt(now.plus(timeout));
    pin(intent, model, table);
    if (seeing) {
      VisionCheck.require(intent, table);
    }
    if (tools) {
      ToolParams.requireCaller(intent, table);
    }
    JsonNode options = body.path("stream_options");
    if (!options.isMissingNode() && !options.isNull() && !options.isObject()) {
      throw GatewayError.badRequest("stream_options", "'stream_options' must be an object");
    }
    return new Parsed(intent.build(), body.path("stream").asBoolean(false), timeout, model,
        options.path("include_usage").asBoolean(false));
  }

  /** {@code X-Atmosphere-Cache}: absent = default, {@code bypass} or {@code refresh}; anything else is a 400. */
  public static dev.atmosphere.schemas.CacheMode cacheMode(String header) {
    if (header == null || header.isBlank()) {
      return dev.atmosphere.schemas.CacheMode.DEFAULT;
    }
    return switch (header.strip().toLowerCase(java.util.Locale.ROOT)) {
      case "default" -> dev.atmosphere.schemas.CacheMode.DEFAULT;
      case "bypass", "no-cache" -> dev.atmosphere.schemas.CacheMode.BYPASS;
      case "refresh" -> dev.atmosphere.schemas.CacheMode.REFRESH;
      default -> throw GatewayError.badRequest("X-Atmosphere-Cache", "must be default, bypass or refresh");
    };
  }

  static void pin(Intent.Builder intent, String model, List<CapabilityAnnouncement> table) {
    if (model.equals("auto")) {
      return;
    }
    java.util.Optional<CapabilityAnnouncement> named = table.stream().filter(c -> c.getCapabilityId().equals(model))
        .findFirst();
    if (named.isPresent()) {
      boolean embeds = named.get().getType() == dev.atmosphere.schemas.CapabilityType.EMBEDDINGS;
      if (embeds != (intent.getKind() == IntentKind.EMBED)) { // was a 503 no_route "not the pinned capability"
        throw GatewayError.badRequest("model", "'" + model + "' is " + (embeds ? "an embeddings model: it answers "
            + "/v1/embeddings, not chat" : "not an embeddings model: /v1/embeddings needs one") + " (GET /v1/models)");
      }
      intent.setPinnedCapabilityId(model);
    } else if (table.stream().anyMatch(c -> c.getModels().contains(model) || c.getName().equals(model))) {
      intent.setPinnedModel(model);
    } else {
      throw new GatewayError(404, "invalid_request_error", "model", "model_not_found",
          "The model '" + model + "' does not exist in the mesh: use 'auto', a capability id or a model name from "
              + "GET /v1/models (gateway.model.aliases maps the names a client insists on, e.g. gpt-4o-mini=auto)");
    }
  }

  static IntentConstraints constraints(JsonNode body, String header) {
    JsonNode c = body.path("atmosphere").path("constraints");
    if (header != null && !header.isBlank()) {
      try {
        c = JSON.readTree(header);
      } catch (IOException e) {
        throw GatewayError.badRequest("X-Atmosphere-Constraints", "header is not valid JSON");
      }
    }
    if (c.isMissingNode() || c.isNull()) {
      return IntentConstraints.newBuilder().build();
    }
    if (!c.isObject()) {
      throw GatewayError.badRequest("atmosphere.constraints", "constraints must be a JSON object");
    }
    IntentConstraints.Builder b = IntentConstraints.newBuilder()
        .setLocalOnly(c.path("local_only").asBoolean(false))
        .setPreferFree(c.path("prefer_free").asBoolean(false));
    if (c.hasNonNull("data_residency")) {
      b.setDataResidency(c.get("data_residency").asText());
    }
    if (c.hasNonNull("max_cost")) {
      if (!c.get("max_cost").isNumber()) {
        throw GatewayError.badRequest("constraints.max_cost", "'max_cost' must be a number (cost per token)");
      }
      b.setMaxCostPerToken(c.get("max_cost").asDouble());
    }
    if (c.hasNonNull("max_latency_ms")) {
      if (!c.get("max_latency_ms").canConvertToLong()) {
        throw GatewayError.badRequest("constraints.max_latency_ms", "'max_latency_ms' must be an integer");
      }
      b.setMaxLatencyMs(c.get("max_latency_ms").asLong());
    }
    return b.build();
  }

  private static Duration timeout(JsonNode body, Duration defaultTimeout) {
    JsonNode t = body.path("atmosphere").path("timeout_ms");
    if (t.isMissingNode() || t.isNull()) {
      return defaultTimeout;
    }
    if (!t.canConvertToLong() || t.asLong() <= 0 || t.asLong() > MAX_TIMEOUT_MS) {
      throw GatewayError.badRequest("atmosphere.timeout_ms", "'timeout_ms' must be an integer from 1 to "
          + MAX_TIMEOUT_MS + " (one hour)");
    }
    return Duration.ofMillis(t.asLong());
  }

  static String requiredText(JsonNode body, String field) {
    JsonNode v = body.path(field);
    if (!v.isTextual() || v.asText().isBlank()) {
      throw GatewayError.badRequest(field, "'" + field + "' is required");
    }
    return v.asText();
  }
}
