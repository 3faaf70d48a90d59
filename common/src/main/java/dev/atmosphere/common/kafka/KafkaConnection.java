package dev.atmosphere.common.kafka;

import dev.atmosphere.common.config.Settings;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * Where the mesh is: Kafka bootstrap servers, the schema registry URL, and any extra client properties
 * ({@code kafka.client.*}, e.g. SASL settings for a production cluster). Every deployable's config holds one.
 */
public record KafkaConnection(String bootstrapServers, String registryUrl, Map<String, String> clientProperties) {

  public static final String BOOTSTRAP = "kafka.bootstrap.servers";
  public static final String REGISTRY = "registry.url";
  private static final String CLIENT_PREFIX = "kafka.client.";

  public KafkaConnection {
    clientProperties = Map.copyOf(clientProperties);
  }

  public static KafkaConnection from(Settings settings) {
    String bootstrap = settings.string(BOOTSTRAP, "localhost:9092");
    String registry = settings.string(REGISTRY, "http://localhost:8081/apis/ccompat/v7");
    if (!registry.startsWith("http://") && !registry.startsWith("https://")) {
      settings.reject(REGISTRY, "must be an http(s) URL of a Confluent-compatible registry");
    }
    Map<String, String> extra = new HashMap<>();
    for (String key : settings.keys()) {
      if (key.startsWith(CLIENT_PREFIX)) {
        extra.put(key.substring(CLIENT_PREFIX.length()), settings.string(key, ""));
      }
    }
    return new KafkaConnection(bootstrap, registry, extra);
  }

  /** Base client properties: bootstrap servers plus the extra client settings. */
  public Properties clientProps() {
    Properties props = new Properties();
    props.put("bootstrap.servers", bootstrapServers);
    props.putAll(clientProperties);
    return props;
  }

  /** Never print SASL passwords and the like. */
  @Override
  public String toString() {
    return "KafkaConnection[bootstrap=" + bootstrapServers + ", registry=" + registryUrl + ", clientProperties="
        + clientProperties.keySet() + "]";
  }
}
