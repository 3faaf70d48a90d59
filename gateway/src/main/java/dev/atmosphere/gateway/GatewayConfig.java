package dev.atmosphere.gateway;

import dev.atmosphere.common.config.Settings;
import java.time.Duration;

/**
 * The gateway's own settings ({@code gateway.*}), validated at start: whether it runs, where it listens (loopback
 * {@code 127.0.0.1:11451} unless {@code gateway.host} says otherwise — binding beyond loopback is an explicit choice
 * that needs API keys), how long a request may wait, and the lock ({@link GatewayLock}: Host, Origin, keys, limits).
 */
public record GatewayConfig(boolean enabled, String host, int port, Duration timeout, GatewayLock lock,
    boolean answerFromAttempts) {

  public static final String ENABLED = "gateway.enabled";
  public static final String HOST = "gateway.host";
  public static final String PORT = "gateway.port";
  public static final String TIMEOUT = "gateway.timeout";
  /** Answer from the routed node's signed attempt as soon as it is written (false: wait for the router's result). */
  public static final String ANSWER_FROM_ATTEMPTS = "gateway.answer_from_attempts";
  public static final int DEFAULT_PORT = 11451;

  public static GatewayConfig from(Settings s) {
    String host = s.string(HOST, "127.0.0.1");
    return new GatewayConfig(s.bool(ENABLED, true), host, s.intIn(PORT, DEFAULT_PORT, 0, 65535),
        s.duration(TIMEOUT, Duration.ofSeconds(120)), GatewayLock.from(s, host), s.bool(ANSWER_FROM_ATTEMPTS, true));
  }

  /** What a gateway of node {@code nodeId} runs with ({@code localOnly}: a provider node keeps its requests local). */
  public Gateway.Settings settings(String nodeId, boolean localOnly) {
    return new Gateway.Settings(host, port, timeout, nodeId, localOnly, lock);
  }

  /** The same settings, running or not (a headless node has no local API whatever gateway.enabled says). */
  public GatewayConfig enabled(boolean on) {
    return new GatewayConfig(on, host, port, timeout, lock, answerFromAttempts);
  }

  /** The gateway's way into the mesh over Kafka, posting intents signed in {@code node}'s name. */
  public KafkaMeshPort meshPort(dev.atmosphere.common.kafka.KafkaConnection connection,
      dev.atmosphere.schemas.topics.Topics topics, java.time.Clock clock,
      dev.atmosphere.common.identity.NodeIdentity node, io.micrometer.core.instrument.MeterRegistry meters) {
    return new KafkaMeshPort(connection, topics, clock, node, answerFromAttempts, meters);
  }
}
