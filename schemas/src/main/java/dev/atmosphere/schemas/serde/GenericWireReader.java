package dev.atmosphere.schemas.serde;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.apache.kafka.common.errors.SerializationException;

/**
 * Reads Confluent-wire-format bytes as a GenericRecord in the writer's own schema, without logical-type
 * conversions: exactly what was written, which is what signature verification needs.
 */
public final class GenericWireReader {

  private final SchemaRegistryClient registry;
  private final ThreadLocal<Map<Integer, GenericDatumReader<GenericRecord>>> readers =
      ThreadLocal.withInitial(HashMap::new);

  public GenericWireReader(SchemaRegistryClient registry) {
    this.registry = registry;
  }

  public GenericRecord read(String topic, byte[] data) {
    if (data == null || data.length < 5 || data[0] != ConfluentAvroSerializer.MAGIC) {
      throw new SerializationException("record on " + topic + " is not in the Confluent Avro wire format");
    }
    int id = ByteBuffer.wrap(data, 1, 4).getInt();
    GenericDatumReader<GenericRecord> reader = readers.get().get(id);
    if (reader == null) { // built once per schema id and thread
      Schema writer = registry.byId(id);
      reader = new GenericDatumReader<>(writer, writer, GenericData.get());
      readers.get().put(id, reader);
    }
    try {
      return reader.read(null, DecoderFactory.get().binaryDecoder(data, 5, data.length - 5, null));
    } catch (IOException | RuntimeException e) {
      throw new SerializationException("cannot decode " + reader.getSchema().getName() + " from " + topic + ": " + e, e);
    }
  }
}
