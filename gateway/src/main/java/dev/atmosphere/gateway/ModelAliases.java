package dev.atmosphere.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atmosphere.common.config.Settings;
import dev.atmosphere.schemas.CapabilityAnnouncement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Model names a client sends that the mesh does not serve ({@code gateway.model.aliases}): many tools hard-code
 * {@code gpt-4o-mini} or let the user type a name but not leave it out, and answered 404 model_not_found here. An
 * entry {@code name=target} sends {@code name} to {@code target} — {@code auto} (routed by meaning), a capability id or
 * a model name; {@code *=target} does so for every name the mesh does not have. An alias wins over a mesh model of the
 * same name; with no entry the request keeps its name (and gets the 404, which names this key).
 */
record ModelAliases(Map<String, String> targets) {

  static final ModelAliases NONE = new ModelAliases(Map.of());
  static final String ANY = "*";

  /** The aliases configured, each entry checked; a malformed one is rejected naming the key. */
  static ModelAliases from(Settings s) {
    Map<String, String> targets = new LinkedHashMap<>();
    String key = GatewayKeys.MODEL_ALIASES.name();
    for (String entry : s.get(GatewayKeys.MODEL_ALIASES)) {
      int eq = entry.indexOf('=');
      String name = eq < 0 ? "" : entry.substring(0, eq).strip();
      String target = eq < 0 ? "" : entry.substring(eq + 1).strip();
      if (name.isEmpty() || target.isEmpty() || target.equals(ANY)) {
        s.reject(key, "entries are name=target (target: auto, a capability id or a model name; name * for any "
            + "other name), e.g. gpt-4o-mini=auto");
      } else if (targets.putIfAbsent(name, target) != null) {
        s.reject(key, "names " + name + " twice");
      }
    }
    return new ModelAliases(Map.copyOf(targets));
  }

  /** The model to use for {@code requested}: its alias, itself when the mesh serves it, else the catch-all's target. */
  String resolve(String requested, List<CapabilityAnnouncement> table) {
    String target = targets.get(requested);
    if (target != null) {
      return target;
    }
    boolean kept = requested.equals("auto") || !targets.containsKey(ANY) || served(requested, table);
    return kept ? requested : targets.get(ANY);
  }

  /** The request with its {@code model} replaced by what it resolves to (the same object when nothing changes). */
  JsonNode apply(JsonNode body, List<CapabilityAnnouncement> table) {
    JsonNode model = body.path("model");
    if (targets.isEmpty() || !model.isTextual()) {
      return body;
    }
    String resolved = resolve(model.asText(), table);
    return resolved.equals(model.asText()) ? body : ((ObjectNode) body.deepCopy()).put("model", resolved);
  }

  private static boolean served(String model, List<CapabilityAnnouncement> table) {
    return table.stream().anyMatch(c -> c.getCapabilityId().equals(model) || c.getModels().contains(model)
        || c.getName().equals(model));
  }
}
