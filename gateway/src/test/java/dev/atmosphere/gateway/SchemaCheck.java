package dev.atmosphere.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The part of OpenAPI 3.0 schema validation the API reference uses: {@code $ref} into components, {@code type},
 * {@code required}, {@code properties}, {@code items}, {@code enum}, {@code nullable}, {@code oneOf}. Returns every
 * problem with its JSON path, so a drifting answer says where it drifted.
 */
final class SchemaCheck {

  private final JsonNode spec;

  SchemaCheck(JsonNode spec) {
    this.spec = spec;
  }

  List<String> problems(JsonNode schema, JsonNode value) {
    List<String> out = new ArrayList<>();
    check(schema, value, "$", out);
    return out;
  }

  /** Follows {@code $ref}s into the document until a node without one. */
  JsonNode resolve(JsonNode schema) {
    while (schema.has("$ref")) {
      String[] path = schema.get("$ref").asText().substring(2).split("/");
      JsonNode n = spec;
      for (String p : path) {
        n = n.path(p);
      }
      schema = n;
    }
    return schema;
  }

  private void check(JsonNode schema, JsonNode value, String at, List<String> out) {
    schema = resolve(schema);
    if (value.isNull()) {
      if (!schema.path("nullable").asBoolean(false) && schema.has("type")) {
        out.add(at + " is null");
      }
      return;
    }
    if (schema.has("oneOf")) {
      for (JsonNode option : schema.get("oneOf")) {
        if (problems(option, value).isEmpty()) {
          return;
        }
      }
      out.add(at + " matches none of oneOf");
      return;
    }
    String type = schema.path("type").asText("");
    boolean ok = switch (type) {
      case "object" -> value.isObject();
      case "array" -> value.isArray();
      case "string" -> value.isTextual();
      case "integer" -> value.isIntegralNumber();
      case "number" -> value.isNumber();
      case "boolean" -> value.isBoolean();
      default -> true;
    };
    if (!ok) {
      out.add(at + " is not " + type + ": " + value);
      return;
    }
    if (schema.has("enum")) {
      boolean listed = false;
      for (JsonNode e : schema.get("enum")) {
        listed |= e.equals(value);
      }
      if (!listed) {
        out.add(at + " = " + value + " is not one of " + schema.get("enum"));
      }
    }
    schema.path("required").forEach(r -> {
      if (!value.has(r.asText())) {
        out.add(at + "." + r.asText() + " is missing");
      }
    });
    JsonNode props = schema.path("properties");
    props.fieldNames().forEachRemaining(f -> {
      if (value.has(f)) {
        check(props.get(f), value.get(f), at + "." + f, out);
      }
    });
    if (value.isArray() && schema.has("items")) {
      for (int i = 0; i < value.size(); i++) {
        check(schema.get("items"), value.get(i), at + "[" + i + "]", out);
      }
    }
  }
}
