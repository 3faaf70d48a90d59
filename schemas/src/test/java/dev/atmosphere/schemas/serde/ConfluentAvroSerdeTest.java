package dev.atmosphere.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atmosphere.schemas.Intent;
import dev.atmosphere.schemas.IntentKind;
import dev.atmosphere.schemas.fixtures.Fixtures;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.time.Instant;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class ConfluentAvroSerdeTest {

  private final InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();
  private final AvroSerdes serdes = new AvroSerdes(registry);

  @Test
  void shouldWriteMagicByteAndSchemaIdThenReadTheSameRecordBack() {
    Intent intent = Fixtures.intent("i1", IntentKind.CHAT, "hello", Instant.parse("2026-11-24T10:00:00Z")).build();

    byte[] bytes = serdes.intent().serializer().serialize("atmosphere.intents", intent);

    assertThat(bytes[0]).isZero();
    assertThat(ByteBuffer.wrap(bytes, 1, 4).getInt()).isEqualTo(registry.register("x", Intent.getClassSchema()));
    assertThat(serdes.intent().deserializer().deserialize("atmosphere.intents", bytes)).isEqualTo(intent);
  }

  @Test
  void shouldFillDefaultsWhenReadingARecordWrittenWithAnOlderSchema() throws Exception {
    Intent read = serdes.intent().deserializer().deserialize("atmosphere.intents", olderIntent("from a v0 producer"));

    assertThat(read.getText()).isEqualTo("from a v0 producer");
    assertThat(read.getMessages()).isEmpty();
    assertThat(read.getConstraints().getLocalOnly()).isFalse();
    assertThat(read.getDeadlineAt()).isNull();
  }

  @Test
  void shouldReadTwoWriterSchemasInterleavedWithTheReadersItKeepsPerSchemaId() throws Exception {
    var deserializer = serdes.intent().deserializer();
    var serializer = serdes.intent().serializer();
    Intent current = Fixtures.intent("i2", IntentKind.RAG, "now", Instant.parse("2026-11-24T10:00:00Z")).build();

    for (int round = 0; round < 3; round++) {
      assertThat(deserializer.deserialize("t", olderIntent("old " + round)).getText()).isEqualTo("old " + round);
      assertThat(deserializer.deserialize("t", serializer.serialize("t", current))).isEqualTo(current);
    }
  }

  @Test
  void shouldLetTheRegistrysOutagePassUnwrappedSoTheRecordIsRetriedNotDeadLettered() {
    SchemaRegistryClient down = new SchemaRegistryClient() {
      @Override
      public int register(String subject, Schema schema) {
        return 7;
      }

      @Override
      public Schema byId(int id) {
        throw new RegistryUnavailableException("registry unreachable", null);
      }
    };
    byte[] bytes = new AvroSerdes(down).intent().serializer()
        .serialize("t", Fixtures.intent("i3", IntentKind.CHAT, "x", Instant.EPOCH).build());

    assertThatThrownBy(() -> new AvroSerdes(down).intent().deserializer().deserialize("t", bytes))
        .isExactlyInstanceOf(RegistryUnavailableException.class);
  }

  private byte[] olderIntent(String text) throws Exception {
    Schema old = new Schema.Parser().parse("""
        {"type":"record","name":"Intent","namespace":"dev.atmosphere.schemas","fields":[
          {"name":"intentId","type":"string"},
          {"name":"kind","type":{"type":"enum","name":"IntentKind","symbols":["CHAT","EMBED","RAG","VISION","UNKNOWN"]}},
          {"name":"text","type":"string"},
          {"name":"constraints","type":{"type":"record","name":"IntentConstraints","fields":[]}},
          {"name":"createdAt","type":{"type":"long","logicalType":"timestamp-millis"}}]}""");
    GenericRecord record = new GenericData.Record(old);
    record.put("intentId", "old-1");
    record.put("kind", new GenericData.EnumSymbol(old.getField("kind").schema(), "RAG"));
    record.put("text", text);
    record.put("constraints", new GenericData.Record(old.getField("constraints").schema()));
    record.put("createdAt", 1_000L);
    int id = registry.register("atmosphere.intents-value", old);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(0);
    out.write(ByteBuffer.allocate(4).putInt(id).array());
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
    new GenericDatumWriter<GenericRecord>(old).write(record, encoder);
    encoder.flush();
    return out.toByteArray();
  }

  @Test
  void shouldExplainWhenBytesAreNotInTheWireFormat() {
    assertThatThrownBy(() -> serdes.intent().deserializer().deserialize("atmosphere.intents", "{}".getBytes()))
        .isInstanceOf(SerializationException.class)
        .hasMessage("record on atmosphere.intents is not in the Confluent Avro wire format (2 bytes, first byte 123)");
  }
}
