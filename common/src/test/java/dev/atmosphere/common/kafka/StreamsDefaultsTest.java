package dev.atmosphere.common.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class StreamsDefaultsTest {

  @Test
  void shouldOpenTransactionsThatADeadProcessHoldsReadersBackForFiveSecondsNotTen() {
    Properties p = StreamsDefaults.of(new KafkaConnection("b:9092", "http://r", Map.of()), "app", Path.of("s"), "dlq",
        (short) 1);

    assertThat(p.getProperty("producer.transaction.timeout.ms")).isEqualTo("5000");
    assertThat(p.getProperty("consumer.session.timeout.ms")).isEqualTo("6000");
  }

  @Test
  void shouldLeaveATransactionTimeoutTheOperatorConfiguredAlone() {
    Properties p = StreamsDefaults.of(new KafkaConnection("b:9092", "http://r",
        Map.of("transaction.timeout.ms", "60000")), "app", Path.of("s"), "dlq", (short) 1);

    assertThat(p.getProperty("transaction.timeout.ms")).isEqualTo("60000");
    assertThat(p).doesNotContainKey("producer.transaction.timeout.ms"); // a prefixed key would win over the operator's
  }
}
