package dev.atmosphere.common.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class TransactionRetryCheckTest {

  @Test
  void shouldNameOnlyTheBrokersThatRetryLaterThanAnInteractiveRequestCanAfford() {
    Map<String, String> brokers = new TreeMap<>(Map.of("1", "2", "2", "20", "3", "5", "4", "not a number"));

    assertThat(TransactionRetryCheck.advice(brokers)).hasValueSatisfying(advice -> assertThat(advice)
        .startsWith("add.partitions.to.txn.retry.backoff.ms is broker 2 20 ms:").doesNotContain("broker 1", "broker 3",
            "broker 4"));
  }

  @Test
  void shouldSayNothingWhenEveryBrokerRetriesSoon() {
    assertThat(TransactionRetryCheck.advice(Map.of("1", "2", "2", "1"))).isEmpty();
    assertThat(TransactionRetryCheck.advice(Map.of())).isEmpty();
  }
}
