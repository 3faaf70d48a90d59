package dev.atmosphere.common.kafka;

import dev.atmosphere.common.config.CommonKeys;
import dev.atmosphere.common.config.Settings;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * Where the mesh is: Kafka bootstrap servers, the schema registry URL (and its login, if it asks for one), and any
 * extra client properties ({@code kafka.client.*}, e.g. SASL settings for a production cluster). Every deployable's
 * config holds one.
 */
public record KafkaConnection(String bootstrapServers, String registryUrl, Map<String, String> clientProperties,
    String registryLogin) {

  public static final String BOOTSTRAP = CommonKeys.BOOTSTRAP.name();
  public static final String REGISTRY = CommonKeys.REGISTRY.name();
  private static final String CLIENT_PREFIX = "kafka.client.";

  public KafkaConnection {
    clientProperties = Map.copyOf(clientProperties);
  }

  /** A connection to a registry that asks for no login. */
  public KafkaConnection(String bootstrapServers, String registryUrl, Map<String, String> clientProperties) {
    this(bootstrapServers, registryUrl, clientProperties, null);
  }

  public static KafkaConnection from(Settings settings) {
    String bootstrap = settings.get(CommonKeys.BOOTSTRAP);
    String registry = settings.get(CommonKeys.REGISTRY);
    if (!registry.startsWith("http://") && !registry.startsWith("https://")) {
      settings.reject(REGISTRY, "must be an http(s) URL of a Confluent-compatible registry");
    }
    Map<String, String> extra = new HashMap<>();
    if (settings.get(CommonKeys.KAFKA_AUTH).equals("join_code")) {
      settings.optional(CommonKeys.JOIN_CODE).ifPresentOrElse(code -> extra.putAll(
          MeshCredential.clientProperties(code)), () -> settings.reject(CommonKeys.KAFKA_AUTH.name(),
          "join_code needs mesh.join_code (the credential is derived from it)"));
    }
    settings.optional(CommonKeys.TLS_CA).filter(ca -> !ca.isBlank()).ifPresent(ca -> {
      if (!java.nio.file.Files.isReadable(java.nio.file.Path.of(ca))) {
        settings.reject(CommonKeys.TLS_CA.name(), "cannot read " + ca + " (the shared broker's broker.pem)");
      }
      extra.put("security.protocol", extra.containsKey("sasl.mechanism") ? "SASL_SSL" : "SSL");
      extra.put("ssl.truststore.type", "PEM");
      extra.put("ssl.truststore.location", ca);
    });
    for (String key : settings.keys()) {
      if (key.startsWith(CLIENT_PREFIX)) {
        extra.put(key.substring(CLIENT_PREFIX.length()), settings.string(key, ""));
      }
    }
    boolean registryJoinCode = settings.get(CommonKeys.REGISTRY_AUTH).equals("join_code");
    String login = settings.optional(CommonKeys.REGISTRY_USER_INFO).filter(l -> !l.isBlank()).orElse(null);
    if (login == null && registryJoinCode) {
      login = settings.optional(CommonKeys.JOIN_CODE).map(code -> MeshCredential.USER + ":"
          + MeshCredential.password(code)).orElse(null);
      if (login == null) {
        settings.reject(CommonKeys.REGISTRY_AUTH.name(), "join_code needs mesh.join_code (the login is derived from it)");
      }
    }
    return new KafkaConnection(bootstrap, registry, extra, login);
  }

  /** Serdes over this connection's registry, logging in when it asks for a login. */
  public dev.atmosphere.schemas.serde.AvroSerdes serdes() {
    return dev.atmosphere.schemas.serde.AvroSerdes.forUrl(registryUrl, registryLogin);
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
    return "KafkaConnection[bootstrap=" + bootstrapServers + ", registry=" + registryUrl
        + (registryLogin == null ? "" : " (with a login)") + ", clientProperties=" + clientProperties.keySet() + "]";
  }
}
