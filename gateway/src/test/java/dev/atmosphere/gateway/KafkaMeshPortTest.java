package dev.atmosphere.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atmosphere.common.config.Settings;
import dev.atmosphere.common.kafka.KafkaConnection;
import dev.atmosphere.schemas.Intent;
import dev.atmosphere.schemas.IntentKind;
import dev.atmosphere.schemas.topics.Topics;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;

/**
 * Found by hand: with the machine that held the broker killed, a chat request to the joined machine's gateway was
 * answered 503 only after 60 s (the producer's metadata wait), and a record the gateway gave up on could still be
 * written later and run beside the client's retry.
 */
class KafkaMeshPortTest {

  @Test
  void shouldBoundHowLongARequestWaitsForKafkaUnlessTheOperatorSaysOtherwise() {
    Properties defaults = KafkaMeshPort.producerProps(new Properties());
    Properties operator = new Properties();
    operator.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "60000");
    operator.put(ProducerConfig.ACKS_CONFIG, "1");

    assertThat(defaults).containsEntry(ProducerConfig.MAX_BLOCK_MS_CONFIG, "5000")
        .containsEntry(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "10000").containsEntry(ProducerConfig.ACKS_CONFIG, "all");
    assertThat(KafkaMeshPort.producerProps(operator)).containsEntry(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "60000")
        .as("acks=all is not the operator's to weaken").containsEntry(ProducerConfig.ACKS_CONFIG, "all");
  }

  @Test
  void shouldAnswer503WithinSecondsWhenNoBrokerAnswers() throws Exception {
    int dead;
    try (ServerSocket s = new ServerSocket(0)) {
      dead = s.getLocalPort();
    }
    KafkaConnection connection = KafkaConnection.from(Settings.of(Map.of("kafka.bootstrap.servers",
        "127.0.0.1:" + dead, "registry.url", "http://127.0.0.1:" + dead)));
    Instant now = Instant.now();
    Intent intent = Intent.newBuilder().setIntentId("i-1").setKind(IntentKind.CHAT).setText("hello")
        .setConstraints(dev.atmosphere.schemas.IntentConstraints.newBuilder().build()).setCreatedAt(now)
        .setDeadlineAt(now.plusSeconds(120)).build();

    try (KafkaMeshPort port = new KafkaMeshPort(connection, Topics.defaults(), Clock.systemUTC())) {
      long start = System.nanoTime();
      assertThatThrownBy(() -> port.submit(intent, result -> { }))
          .isInstanceOfSatisfying(GatewayError.class, e -> assertThat(e.status()).isEqualTo(503));
      assertThat(Duration.ofNanos(System.nanoTime() - start)).as("the client default kept it 60 s")
          .isLessThan(Duration.ofSeconds(30));
    }
  }
}
