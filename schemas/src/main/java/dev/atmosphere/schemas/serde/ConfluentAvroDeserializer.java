package dev.atmosphere.schemas.serde;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads the Confluent wire format into a SpecificRecord, resolving the writer's schema (fetched by id) against
 * the reader's generated class, so records written with an older or newer compatible schema still decode.
 */
public final class ConfluentAvroDeserializer<T extends SpecificRecord> implements Deserializer<T> {

  private final SchemaRegistryClient registry;
  private final Schema readerSchema;

  /** A resolving reader per writer schema id, built once per thread (building one was a fifth of a decode). */
  private final ThreadLocal<Map<Integer, SpecificDatumReader<T>>> readers = ThreadLocal.withInitial(HashMap::new);

  public ConfluentAvroDeserializer(SchemaRegistryClient registry, Class<T> type) {
    this.registry = registry;
    this.readerSchema = SpecificData.get().getSchema(type);
  }

  @Override
  public T deserialize(String topic, byte[] data) {
    if (data == null) {
      return null;
    }
    if (data.length < 5 || data[0] != ConfluentAvroSerializer.MAGIC) {
      throw new SerializationException(
          "record on " + topic + " is not in the Confluent Avro wire format (" + data.length + " bytes, first byte "
              + (data.length == 0 ? "none" : data[0]) + ")");
    }
    int id = ByteBuffer.wrap(data, 1, 4).getInt();
    SpecificDatumReader<T> reader = readers.get().get(id);
    if (reader == null) { // the registry's faults (RegistryUnavailableException) pass out unwrapped: retried
      reader = new SpecificDatumReader<>(registry.byId(id), readerSchema);
      readers.get().put(id, reader);
    }
    try {
      return reader.read(null, DecoderFactory.get().binaryDecoder(data, 5, data.length - 5, null));
    } catch (IOException | RuntimeException e) {
      throw new SerializationException(
          "cannot decode " + readerSchema.getName() + " from " + topic + " with schema id " + id + ": " + e, e);
    }
  }
}
