package dev.atmosphere.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atmosphere.schemas.CapabilityAnnouncement;
import dev.atmosphere.schemas.CapabilityType;
import dev.atmosphere.schemas.ChatMessage;
import dev.atmosphere.schemas.IntentKind;
import dev.atmosphere.schemas.WorkResult;
import dev.atmosphere.schemas.WorkStatus;
import dev.atmosphere.schemas.WorkUnit;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The node API of the design (the LlamaFarm-plugin side, which LlamaFarm itself does not have):
 * {@code GET /v1/atmosphere/capabilities} in the design's contract and {@code POST /v1/tools/execute} with the
 * tools {@code llamafarm_chat}, {@code llamafarm_generate}, {@code llamafarm_embed}, {@code llamafarm_rag_query},
 * executed on this node. Bad requests get a 400 naming the field.
 */
public final class NodeApi {

  /** What the API needs from its node. */
  public interface Port {
    /** Capabilities this node offers (as announced). */
    List<CapabilityAnnouncement> capabilities();

    /** Live resource figures (load, queue depth, ...). */
    Map<String, Object> resources();

    /** The node's effective settings worth showing (mode, discoverable, limits). */
    Map<String, Object> config();

    /**
     * Runs one unit on this node's backends now, or empty when every slot is taken — the node's slots
     * ({@code resources.max_concurrent_requests}) are shared by mesh work and tool calls.
     */
    java.util.Optional<WorkResult> tryExecute(WorkUnit unit);

    /** The node's slots, for the refusal's message. */
    default int maxConcurrent() {
      return 4;
    }
  }

  private static final Set<String> TOOLS =
      Set.of("llamafarm_chat", "llamafarm_generate", "llamafarm_embed", "llamafarm_rag_query");

  private final String nodeId;
  private final Port port;
  private final Clock clock;
  private final MigrationBlobs migrations;

  public NodeApi(String nodeId, Port port, Clock clock) {
    this(nodeId, port, clock, null);
  }

  /** @param migrations this node's blobs for model migrations it serves (null: it serves none) */
  public NodeApi(String nodeId, Port port, Clock clock, MigrationBlobs migrations) {
    this.nodeId = nodeId;
    this.port = port;
    this.clock = clock;
    this.migrations = migrations;
  }

  MigrationBlobs migrations() {
    return migrations;
  }

  void capabilities(Context ctx) {
    ObjectNode out = OpenAiRequests.JSON.createObjectNode();
    out.put("node_id", nodeId);
    out.put("timestamp", clock.instant().getEpochSecond());
    var list = out.putArray("capabilities");
    for (CapabilityAnnouncement c : port.capabilities()) {
      ObjectNode cap = list.addObject();
      cap.put("id", c.getCapabilityId());
      cap.put("type", c.getType().name().toLowerCase());
      cap.put("name", c.getName());
      cap.put("description", c.getDescription());
      var models = cap.putArray("models");
      c.getModels().forEach(models::add);
      ObjectNode meta = cap.putObject("metadata");
      meta.put("provider", c.getMetadata().getProvider().name().toLowerCase());
      meta.put("size", c.getMetadata().getSizeParams());
      if (c.getMetadata().getContextLength() != null) {
        meta.put("context_length", c.getMetadata().getContextLength());
      }
      meta.put("quantization", c.getMetadata().getQuantization());
      c.getMetadata().getExtra().forEach(meta::put);
      if (c.getEmbedding() != null) {
        var embedding = cap.putArray("embedding");
        c.getEmbedding().forEach(embedding::add);
      }
    }
    out.set("resources", OpenAiRequests.JSON.valueToTree(port.resources()));
    out.set("config", OpenAiRequests.JSON.valueToTree(port.config()));
    Gateway.json(ctx, 200, out);
  }

  void execute(Context ctx) {
    JsonNode body = OpenAiRequests.body(ctx.body());
    String tool = body.path("tool_name").asText("");
    if (tool.isEmpty()) {
      throw GatewayError.badRequest("tool_name", "'tool_name' is required: one of " + TOOLS);
    }
    if (!TOOLS.contains(tool)) {
      throw GatewayError.badRequest("tool_name", "unknown tool '" + tool + "': one of " + TOOLS);
    }
    JsonNode params = body.path("params");
    if (!params.isObject()) {
      throw GatewayError.badRequest("params", "'params' must be an object");
    }
    Instant started = clock.instant();
    WorkUnit unit = unit(tool, params, body.path("context").path("request_id").asText(UUID.randomUUID().toString()));
    WorkResult result = port.tryExecute(unit).orElseThrow(() -> new GatewayError(429, "rate_limit_error", null,
        "node_busy", "this node already runs " + port.maxConcurrent() + " requests (mesh work and tool calls share "
        + "resources.max_concurrent_requests); retry shortly")); // tool calls count against the node's limit
    ObjectNode out = OpenAiRequests.JSON.createObjectNode();
    boolean ok = result.getStatus() == WorkStatus.SUCCEEDED;
    out.put("success", ok);
    if (ok) {
      out.set("data", ToolResults.data(tool, result));
    } else {
      out.put("error", result.getError());
    }
    out.put("duration_ms", java.time.Duration.between(started, clock.instant()).toMillis());
    ObjectNode meta = out.putObject("metadata");
    meta.put("model", unit.getModelName() != null ? unit.getModelName() : unit.getTarget());
    meta.put("capability", unit.getCapabilityId());
    meta.put("node_id", nodeId);
    meta.put("timestamp", clock.instant().getEpochSecond());
    Gateway.json(ctx, ok ? 200 : 502, out);
  }

  private WorkUnit unit(String tool, JsonNode params, String requestId) {
    IntentKind kind;
    CapabilityType wanted;
    String text;
    List<ChatMessage> messages = new ArrayList<>();
    ObjectNode passThrough = OpenAiRequests.JSON.createObjectNode();
    switch (tool) {
      case "llamafarm_chat" -> {
        JsonNode m = params.path("messages");
        if (!m.isArray() || m.isEmpty()) {
          throw GatewayError.badRequest("params.messages", "'params.messages' must be a non-empty array");
        }
        m.forEach(x -> messages.add(new ChatMessage(x.path("role").asText("user"), x.path("content").asText(""), List.of(), null,
            null)));
        text = messages.get(messages.size() - 1).getContent();
        kind = IntentKind.CHAT;
        wanted = null;
        List.of("temperature", "max_tokens", "top_p").forEach(k -> {
          if (params.has(k)) {
            passThrough.set(k, params.get(k));
          }
        });
      }
      case "llamafarm_generate" -> {
        text = required(params, "prompt");
        kind = IntentKind.CHAT;
        wanted = null;
      }
      case "llamafarm_embed" -> {
        text = required(params, "input");
        kind = IntentKind.EMBED;
        wanted = CapabilityType.EMBEDDINGS;
      }
      default -> {
        text = required(params, "query");
        kind = IntentKind.RAG;
        wanted = CapabilityType.RAG;
        passThrough.put("rag_query", true);
        if (params.has("top_k")) {
          passThrough.set("top_k", params.get("top_k"));
        }
      }
    }
    CapabilityAnnouncement cap = choose(params, kind, wanted);
    Instant now = clock.instant();
    return WorkUnit.newBuilder()
        .setWorkId(requestId + "-tool").setIntentId(requestId).setRouteId("node-api").setNodeId(nodeId)
        .setCapabilityId(cap.getCapabilityId()).setCapabilityType(cap.getType())
        .setProvider(cap.getMetadata().getProvider()).setTarget(cap.getMetadata().getTarget())
        .setModelName(cap.getMetadata().getModelName()).setKind(kind).setText(text).setMessages(messages)
        .setRagEnabled(kind == IntentKind.RAG)
        .setParametersJson(passThrough.isEmpty() ? null : passThrough.toString())
        .setIntentCreatedAt(now).setRoutedAt(now).build();
  }

  /** The local capability named by params.capability, params.project or params.model, else the only fitting one. */
  private CapabilityAnnouncement choose(JsonNode params, IntentKind kind, CapabilityType wanted) {
    List<CapabilityAnnouncement> fitting = port.capabilities().stream()
        .filter(c -> wanted != null ? c.getType() == wanted
            : c.getType() == CapabilityType.LLM || c.getType() == CapabilityType.RAG)
        .toList();
    Optional<String> name = Optional.ofNullable(params.path("capability").asText(null))
        .or(() -> Optional.ofNullable(params.path("project").asText(null)))
        .or(() -> Optional.ofNullable(params.path("model").asText(null)));
    if (name.isPresent()) {
      String n = name.get();
      return fitting.stream().filter(c -> c.getCapabilityId().equals(n) || c.getMetadata().getTarget().equals(n)
              || n.equals(c.getMetadata().getModelName()) || c.getModels().contains(n))
          .findFirst().orElseThrow(() -> new GatewayError(404, "invalid_request_error", "params.model", "not_found",
              "this node has no " + (wanted == null ? "chat" : wanted.name().toLowerCase()) + " capability '" + n + "'"));
    }
    if (fitting.size() == 1 || (kind == IntentKind.EMBED && !fitting.isEmpty())) {
      return fitting.get(0);
    }
    throw GatewayError.badRequest("params.project", fitting.isEmpty()
        ? "this node has no capability for this tool"
        : "name the capability: params.capability, params.project or params.model (this node has " + fitting.size() + ")");
  }

  private static String required(JsonNode params, String field) {
    JsonNode v = params.path(field);
    if (!v.isTextual() || v.asText().isBlank()) {
      throw GatewayError.badRequest("params." + field, "'params." + field + "' is required");
    }
    return v.asText();
  }
}
