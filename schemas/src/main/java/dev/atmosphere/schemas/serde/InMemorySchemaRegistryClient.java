package dev.atmosphere.schemas.serde;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.Schema;

/**
 * A registry held in memory, for pure topology tests (TopologyTestDriver) only; anything that touches a broker
 * uses {@link HttpSchemaRegistryClient} against a real registry.
 */
public final class InMemorySchemaRegistryClient implements SchemaRegistryClient {

  private final Map<String, Integer> idsBySchema = new ConcurrentHashMap<>();
  private final Map<Integer, Schema> schemasById = new ConcurrentHashMap<>();
  private final AtomicInteger nextId = new AtomicInteger(1);

  @Override
  public int register(String subject, Schema schema) {
    return idsBySchema.computeIfAbsent(
        schema.toString(),
        text -> {
          int id = nextId.getAndIncrement();
          schemasById.put(id, schema);
          return id;
        });
  }

  @Override
  public Schema byId(int id) {
    Schema schema = schemasById.get(id);
    if (schema == null) {
      throw new IllegalArgumentException("no schema with id " + id);
    }
    return schema;
  }
}
