package dev.atmosphere.schemas.serde;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

/** Writes a SpecificRecord as magic byte 0 + 4-byte registry id + Avro binary (Confluent wire format). */
public final class ConfluentAvroSerializer<T extends SpecificRecord> implements Serializer<T> {

  static final byte MAGIC = 0;

  private final SchemaRegistryClient registry;

  /** Writers are stateless between records; one per schema instead of one per record. */
  private final Map<Schema, SpecificDatumWriter<T>> writers = new ConcurrentHashMap<>();

  public ConfluentAvroSerializer(SchemaRegistryClient registry) {
    this.registry = registry;
  }

  @Override
  public byte[] serialize(String topic, T record) {
    if (record == null) {
      return null;
    }
    int id = registry.register(topic + "-value", record.getSchema());
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream(256);
      out.write(MAGIC);
      out.write(ByteBuffer.allocate(4).putInt(id).array());
      BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
      writers.computeIfAbsent(record.getSchema(), SpecificDatumWriter::new).write(record, encoder);
      encoder.flush();
      return out.toByteArray();
    } catch (IOException | RuntimeException e) {
      throw new SerializationException(
          "cannot write " + record.getSchema().getName() + " for topic " + topic + ": " + e.getMessage(), e);
    }
  }
}
