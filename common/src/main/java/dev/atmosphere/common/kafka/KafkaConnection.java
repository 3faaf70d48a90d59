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
  /** {@code join_code}: log in to a shared embedded broker with the credential the join code derives. */
  public static final String AUTH = "kafka.auth";
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
    String auth = settings.string(AUTH, "none");
    if (auth.equals("join_code")) {
      settings.optional("mesh.join.code").ifPresentOrElse(code -> extra.putAll(MeshCredential.clientProperties(code)),
          () -> settings.reject(AUTH, "join_code needs mesh.join_code (the credential is derived from it)"));
    } else if (!auth.equals("none")) {
      settings.reject(AUTH, "must be none or join_code");
    }
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
