package dev.atmosphere.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atmosphere.schemas.CapabilityAnnouncement;
import java.util.List;

/**
 * {@code GET /v1/models/{id}}, which SDKs call to check a model before using it: an id that {@code /v1/models} lists
 * ({@code auto} or a capability), a plain model name a capability serves (what a chat request may also name), or
 * a name {@code gateway.model.aliases} maps to one of those; anything else is the 404 OpenAI answers, naming the model.
 */
final class ModelLookup {

  private ModelLookup() {}

  static ObjectNode find(JsonNode listed, List<CapabilityAnnouncement> capabilities, String id, ModelAliases aliases) {
    String resolved = aliases.resolve(id, capabilities);
    if (!resolved.equals(id)) { // an alias: listed under the name the client knows, if what it names exists
      ObjectNode target = find(listed, capabilities, resolved, ModelAliases.NONE);
      return target.deepCopy().put("id", id);
    }
    for (JsonNode model : listed.path("data")) {
      if (model.path("id").asText().equals(id)) {
        return (ObjectNode) model;
      }
    }
    return capabilities.stream().filter(c -> c.getModels().contains(id)).findFirst()
        .map(c -> OpenAiRequests.JSON.createObjectNode().put("id", id).put("object", "model")
            .put("created", listed.path("data").path(0).path("created").asLong()).put("owned_by", c.getNodeId()))
        .orElseThrow(() -> new GatewayError(404, "invalid_request_error", "model", "model_not_found",
            "The model '" + id + "' does not exist in this mesh (GET /v1/models lists what does; "
                + "gateway.model.aliases maps other names)"));
  }
}
