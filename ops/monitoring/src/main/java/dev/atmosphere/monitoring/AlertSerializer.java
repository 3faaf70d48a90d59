package dev.atmosphere.monitoring;

import dev.atmosphere.schemas.Alert;
import dev.atmosphere.schemas.serde.ConfluentAvroSerializer;
import dev.atmosphere.schemas.serde.HttpSchemaRegistryClient;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Writes alerts to {@code atmosphere.alerts} as Avro in the Confluent wire format, keyed by subject. */
final class AlertSerializer implements KafkaRecordSerializationSchema<AlertEvent> {

  private final String registryUrl;
  private final String registryLogin;
  private final String topic;
  private transient ConfluentAvroSerializer<Alert> serializer;

  AlertSerializer(String registryUrl, String registryLogin, String topic) {
    this.registryUrl = registryUrl;
    this.registryLogin = registryLogin;
    this.topic = topic;
  }

  @Override
  public void open(SerializationSchema.InitializationContext context, KafkaSinkContext sinkContext) {
    serializer = new ConfluentAvroSerializer<>(new HttpSchemaRegistryClient(registryUrl,
        java.time.Duration.ofSeconds(10), registryLogin));
  }

  @Override
  public ProducerRecord<byte[], byte[]> serialize(AlertEvent alert, KafkaSinkContext context, Long timestamp) {
    return new ProducerRecord<>(topic, null, alert.windowEnd, alert.subject.getBytes(StandardCharsets.UTF_8),
        serializer.serialize(topic, alert.toAvro()));
  }
}
