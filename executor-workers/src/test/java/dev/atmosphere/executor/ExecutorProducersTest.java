package dev.atmosphere.executor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atmosphere.common.kafka.KafkaConnection;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExecutorProducersTest {

  @Test
  void shouldGiveTheResultProducerTheMeshsShortTransactionTimeoutAndItsNodesTransactionalId() {
    var p = ExecutorProducers.results(new KafkaConnection("b:9092", "http://r", Map.of()), "laptop-1a2b");

    assertThat(p.getProperty("transaction.timeout.ms")).isEqualTo("5000");
    assertThat(p.getProperty("transactional.id")).isEqualTo("atmosphere-executor-laptop-1a2b");
    assertThat(p.getProperty("acks")).isEqualTo("all");
  }

  @Test
  void shouldKeepATransactionTimeoutTheOperatorConfigured() {
    var p = ExecutorProducers.results(new KafkaConnection("b:9092", "http://r",
        Map.of("transaction.timeout.ms", "20000")), "n");

    assertThat(p.getProperty("transaction.timeout.ms")).isEqualTo("20000");
  }
}
