package dev.atmosphere.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * Schema evolution is tested, not hoped for: each wire schema must read data written with the last released copy
 * (BACKWARD), and every record and field carries a doc. Released copies live in
 * {@code src/test/resources/released/<version>/<Name>.avsc}; add the current ones there when releasing.
 */
class SchemaEvolutionTest {

  static final java.util.List<Schema> SCHEMAS = WireSchemas.ALL;

  @ParameterizedTest
  @FieldSource("SCHEMAS")
  void shouldReadDataOfTheLastReleasedSchemaWhenTheSchemaEvolves(Schema current) throws IOException {
    Schema released = released(current.getName());

    var result = SchemaCompatibility.checkReaderWriterCompatibility(current, released);

    assertThat(result.getType()).as(result.getDescription()).isEqualTo(SchemaCompatibilityType.COMPATIBLE);
  }

  @ParameterizedTest
  @FieldSource("SCHEMAS")
  void shouldDocumentEveryRecordAndFieldWhenDefiningTheWireContract(Schema current) {
    assertDocumented(current);
  }

  private static void assertDocumented(Schema schema) {
    switch (schema.getType()) {
      case RECORD -> {
        assertThat(schema.getDoc()).as("doc of record " + schema.getFullName()).isNotBlank();
        schema.getFields().forEach(f -> {
          assertThat(f.doc()).as("doc of " + schema.getName() + "." + f.name()).isNotBlank();
          assertDocumented(f.schema());
        });
      }
      case UNION -> schema.getTypes().forEach(SchemaEvolutionTest::assertDocumented);
      case ARRAY -> assertDocumented(schema.getElementType());
      case MAP -> assertDocumented(schema.getValueType());
      default -> { }
    }
  }

  private static Schema released(String name) throws IOException {
    try (InputStream in = SchemaEvolutionTest.class.getResourceAsStream("/released/0.1.0/" + name + ".avsc")) {
      assertThat(in).as("released copy of " + name + " (add it under src/test/resources/released/0.1.0)").isNotNull();
      return new Schema.Parser().parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }
}
