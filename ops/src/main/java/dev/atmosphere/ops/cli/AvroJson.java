package dev.atmosphere.ops.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;

/**
 * Wire records as plain JSON for {@code --json} output: field names as in the schema, timestamps as ISO-8601,
 * enums as their symbol, nulls kept (machine readers should not guess).
 */
public final class AvroJson {

  public static final ObjectMapper JSON = new ObjectMapper();

  private AvroJson() {}

  public static JsonNode toJson(Object value) {
    if (value == null) {
      return JSON.nullNode();
    }
    if (value instanceof SpecificRecord record) {
      ObjectNode node = JSON.createObjectNode();
      for (Schema.Field field : record.getSchema().getFields()) {
        node.set(field.name(), toJson(record.get(field.pos())));
      }
      return node;
    }
    if (value instanceof Instant instant) {
      return JSON.getNodeFactory().textNode(instant.toString());
    }
    if (value instanceof Collection<?> list) {
      ArrayNode array = JSON.createArrayNode();
      list.forEach(v -> array.add(toJson(v)));
      return array;
    }
    if (value instanceof Map<?, ?> map) {
      ObjectNode node = JSON.createObjectNode();
      map.forEach((k, v) -> node.set(k.toString(), toJson(v)));
      return node;
    }
    return JSON.valueToTree(value instanceof Enum<?> e ? e.name() : value instanceof CharSequence s ? s.toString() : value);
  }
}
