package dev.atmosphere.gateway;

import dev.atmosphere.common.config.Settings;
import java.time.Duration;

/**
 * The gateway's own settings ({@code gateway.*}), validated at start: whether it runs, where it listens (loopback
 * {@code 127.0.0.1:11451} unless {@code gateway.host} says otherwise — binding beyond loopback is an explicit choice
 * that needs API keys), how long a request may wait and how many at once, the lock ({@link GatewayLock}: Host, Origin, keys, limits) and the model names it
 * maps ({@link ModelAliases}).
 */
public record GatewayConfig(boolean enabled, String host, int port, Duration timeout, GatewayLock lock,
    boolean answerFromAttempts, ModelAliases aliases, int maxInFlight) {

  public static GatewayConfig from(Settings s) {
    String host = s.get(GatewayKeys.HOST);
    return new GatewayConfig(s.get(GatewayKeys.ENABLED), host, s.get(GatewayKeys.PORT), s.get(GatewayKeys.TIMEOUT),
        GatewayLock.from(s, host), s.get(GatewayKeys.ANSWER_FROM_ATTEMPTS), ModelAliases.from(s),
        s.get(GatewayKeys.MAX_IN_FLIGHT));
  }

  /** What a gateway of node {@code nodeId} runs with ({@code localOnly}: a provider node keeps its requests local). */
  public Gateway.Settings settings(String nodeId, boolean localOnly) {
    return new Gateway.Settings(host, port, timeout, nodeId, localOnly, lock, aliases, maxInFlight);
  }

  /** The same settings, running or not (a headless node has no local API whatever gateway.enabled says). */
  public GatewayConfig enabled(boolean on) {
    return new GatewayConfig(on, host, port, timeout, lock, answerFromAttempts, aliases, maxInFlight);
  }

  /** The gateway's way into the mesh over Kafka, posting intents signed in {@code node}'s name. */
  public KafkaMeshPort meshPort(dev.atmosphere.common.kafka.KafkaConnection connection,
      dev.atmosphere.schemas.topics.Topics topics, java.time.Clock clock,
      dev.atmosphere.common.identity.NodeIdentity node, io.micrometer.core.instrument.MeterRegistry meters) {
    return new KafkaMeshPort(connection, topics, clock, node, answerFromAttempts, meters);
  }
}
