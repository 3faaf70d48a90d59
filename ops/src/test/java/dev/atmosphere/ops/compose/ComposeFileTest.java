package dev.atmosphere.ops.compose;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The production docker-compose.yml checked without Docker: every service, image, port, dependency, mounted file,
 * secret and ACL the stack relies on. (ComposeStackIT starts it for real where Docker exists.)
 */
public class ComposeFileTest {

  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static JsonNode compose;
  private static JsonNode services;

  @BeforeAll
  static void load() throws Exception {
    // SnakeYAML resolves the `<<: *anchor` merge keys the file uses, as Compose does (Jackson's YAML reader does not)
    Object tree = new org.yaml.snakeyaml.Yaml().load(Files.readString(ROOT.resolve("docker-compose.yml")));
    compose = new ObjectMapper().valueToTree(tree);
    services = compose.get("services");
  }

  private static List<String> names(JsonNode object) {
    List<String> out = new ArrayList<>();
    object.fieldNames().forEachRemaining(out::add);
    return out;
  }

  @Test
  void shouldHaveEveryServiceOfTheProductionShape() {
    assertThat(names(services)).contains("kafka-1", "kafka-2", "kafka-3", "kafka-acls", "schema-registry",
        "flink-jobmanager", "flink-taskmanager", "monitoring-job", "router", "node", "prometheus", "grafana");
  }

  @Test
  void shouldPinEveryImageToAVersion() {
    for (String name : names(services)) {
      String image = services.get(name).path("image").asText();
      assertThat(image).as(name).matches("[a-z0-9./_-]+:[A-Za-z0-9._-]+").doesNotEndWith(":latest");
    }
  }

  @Test
  void shouldPublishEachHostPortOnceAndDependOnlyOnServicesThatExist() {
    Set<String> hostPorts = new HashSet<>();
    for (String name : names(services)) {
      for (JsonNode port : services.get(name).path("ports")) {
        String[] parts = port.asText().split(":");
        String host = parts[parts.length - 2];
        assertThat(hostPorts.add(host)).as("host port " + host + " of " + name + " is already taken").isTrue();
      }
      JsonNode deps = services.get(name).path("depends_on");
      List<String> depNames = new ArrayList<>();
      if (deps.isArray()) {
        deps.forEach(d -> depNames.add(d.asText()));     // short form: [a, b]
      } else {
        depNames.addAll(names(deps));                     // long form: {a: {condition: ...}}
      }
      assertThat(names(services)).as(name + " depends on").containsAll(depNames);
    }
  }

  @Test
  void shouldMountOnlyFilesThatExistInTheRepository() {
    for (String name : names(services)) {
      for (JsonNode volume : services.get(name).path("volumes")) {
        String source = volume.asText().split(":")[0];
        if (source.startsWith("./") && !source.contains("target")) {
          assertThat(ROOT.resolve(source)).as(name + " mounts " + source).exists();
        }
      }
    }
    assertThat(ROOT.resolve("ops/compose/kafka-start.sh")).isExecutable();
    assertThat(ROOT.resolve("ops/compose/acls.sh")).isExecutable();
  }

  @Test
  void shouldRunThreeControllersWithSaslScramAndAclsDenyingByDefault() throws Exception {
    String start = Files.readString(ROOT.resolve("ops/compose/kafka-start.sh"));
    assertThat(start).contains("controller.quorum.voters=1@kafka-1:9093,2@kafka-2:9093,3@kafka-3:9093")
        .contains("sasl.enabled.mechanisms=SCRAM-SHA-512").contains("inter.broker.listener.name=SASL_PLAINTEXT")
        .contains("allow.everyone.if.no.acl.found=false").contains("min.insync.replicas=2")
        .contains("--add-scram");
    for (String client : List.of("router", "node")) {
      JsonNode env = services.get(client).get("environment");
      assertThat(env.path("ATMOSPHERE_KAFKA_CLIENT_SECURITY_PROTOCOL").asText()).isEqualTo("SASL_PLAINTEXT");
      assertThat(env.path("ATMOSPHERE_TOPICS_REPLICATION_FACTOR").asText()).isEqualTo("3");
      assertThat(env.path("ATMOSPHERE_KAFKA_CLIENT_SASL_JAAS_CONFIG").asText()).contains("password=\"${");
    }
  }

  @Test
  void shouldApplyTheOneAclSetThatAclsItProvesToTheNodeItNames() throws Exception {
    String acls = Files.readString(ROOT.resolve("ops/compose/acls.sh"));
    assertThat(acls).contains("AtmosphereCli acls").contains("--node compose-node").doesNotContain("kafka-acls.sh");
    assertThat(services.get("node").get("environment").path("ATMOSPHERE_NODE_NAME").asText())
        .as("the node's id starts with the name its ACLs grant").isEqualTo("compose-node");
  }

  @Test
  void shouldPublishEveryPortOnTheHostsLoopbackOnly() {
    for (String name : names(services)) {
      for (JsonNode port : services.get(name).path("ports")) {
        assertThat(port.asText()).as("%s publishes %s: Flink's REST API and the registry have no login, the metrics "
            + "name the mesh's nodes", name, port.asText()).startsWith("127.0.0.1:");
      }
    }
  }

  @Test
  void shouldGiveTheGatewayThatBindsBeyondLoopbackAnApiKey() {
    JsonNode node = services.get("node").path("environment");
    assertThat(node.path("ATMOSPHERE_GATEWAY_HOST").asText()).isEqualTo("0.0.0.0");
    assertThat(node.path("ATMOSPHERE_GATEWAY_API_KEYS").asText()).isEqualTo("${GATEWAY_API_KEY:?set in .env}");
    java.util.Map<String, String> env = new java.util.HashMap<>();
    node.fields().forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()
        .replace("${GATEWAY_API_KEY:?set in .env}", "a-key-of-twenty-chars")));
    dev.atmosphere.common.config.Settings settings = dev.atmosphere.common.config.NodeSettings.none(env)
        .with(java.util.Map.of());

    dev.atmosphere.gateway.GatewayConfig gateway = dev.atmosphere.gateway.GatewayConfig.from(settings);
    settings.validate(); // what the node does at start: a gateway beyond loopback without keys is refused here
    assertThat(gateway.lock().accepts("a-key-of-twenty-chars")).isTrue();
  }

  @Test
  void shouldMakeTheRegistryAskForALoginAndEveryServiceGiveIt() {
    JsonNode registry = services.get("schema-registry").path("environment");
    assertThat(registry.path("SCHEMA_REGISTRY_AUTHENTICATION_METHOD").asText()).isEqualTo("BASIC");
    assertThat(services.get("schema-registry").path("entrypoint").toString()).contains("/compose/registry-start.sh");
    for (String name : names(services)) {
      JsonNode env = services.get(name).path("environment");
      if (env.has("ATMOSPHERE_REGISTRY_URL")) {
        assertThat(env.path("ATMOSPHERE_REGISTRY_BASIC_AUTH_USER_INFO").asText()).as(name + " logs in")
            .isEqualTo("atmosphere:${REGISTRY_HTTP_PASSWORD:?set in .env}");
      }
    }
    java.util.Map<String, String> env = new java.util.HashMap<>();
    services.get("node").path("environment").fields().forEachRemaining(e -> env.put(e.getKey(),
        e.getValue().asText().replace("${REGISTRY_HTTP_PASSWORD:?set in .env}", "pw")));
    assertThat(dev.atmosphere.common.kafka.KafkaConnection.from(dev.atmosphere.common.config.NodeSettings.none(env)
        .with(java.util.Map.of())).registryLogin()).as("what the node sends").isEqualTo("atmosphere:pw");
  }

  @Test
  void shouldCloseFlinksJarUploadAndCancelInTheWebUi() {
    String flink = services.get("flink-jobmanager").get("environment").path("FLINK_PROPERTIES").asText();
    assertThat(flink).contains("web.submit.enable: false").contains("web.cancel.enable: false");
  }

  @Test
  void shouldHaveNoAnonymousSuperUser() throws Exception {
    String start = Files.readString(ROOT.resolve("ops/compose/kafka-start.sh"));
    assertThat(start).doesNotContain("ANONYMOUS").contains("super.users=User:admin\n")
        .contains("CONTROLLER:SASL_PLAINTEXT").doesNotContain("CONTROLLER:PLAINTEXT");
  }

  @Test
  void shouldKeepEverySecretOutOfTheFile() throws Exception {
    String text = Files.readString(ROOT.resolve("docker-compose.yml"));
    Matcher m = Pattern.compile("(?i)password[\"']?\\s*[:=]\\s*\"?([^\\s\";]+)").matcher(text);
    List<int[]> references = new ArrayList<>(); // ${VAR:?…} spans: a PASSWORD inside one names a variable
    Matcher r = Pattern.compile("\\$\\{[^}]*}").matcher(text);
    while (r.find()) {
      references.add(new int[] {r.start(), r.end()});
    }
    while (m.find()) {
      int at = m.start();
      if (references.stream().anyMatch(span -> at > span[0] && at < span[1])) {
        continue;
      }
      assertThat(m.group(1)).as("a literal password in docker-compose.yml").startsWith("${").contains(":?");
    }
    assertThat(ROOT.resolve(".env.example")).content().contains("KAFKA_ADMIN_PASSWORD=\n");
  }

  @Test
  void shouldScrapeTheServicesAndProvisionTheDashboard() throws Exception {
    JsonNode prometheus = new ObjectMapper(new YAMLFactory()).readTree(ROOT.resolve("ops/compose/prometheus.yml")
        .toFile());
    List<String> targets = new ArrayList<>();
    prometheus.path("scrape_configs").forEach(c -> c.path("static_configs")
        .forEach(s -> s.path("targets").forEach(t -> targets.add(t.asText()))));
    for (String target : targets) {
      assertThat(names(services)).contains(target.split(":")[0]);
    }
    JsonNode dashboard = new ObjectMapper().readTree(ROOT.resolve("ops/compose/grafana/dashboards/atmosphere.json")
        .toFile());
    assertThat(dashboard.path("panels")).hasSizeGreaterThanOrEqualTo(8);
    dashboard.path("panels").forEach(p -> assertThat(p.path("datasource").path("uid").asText()).isEqualTo("prometheus"));
  }

  /** The metric names the dashboard queries (checked against a live scrape in LauncherIT). */
  public static Set<String> dashboardMetrics() throws Exception {
    JsonNode dashboard = new ObjectMapper().readTree(ROOT.resolve("ops/compose/grafana/dashboards/atmosphere.json")
        .toFile());
    Set<String> out = new HashSet<>();
    Pattern metric = Pattern.compile("\\b(atmosphere_[a-z_]+|kafka_[a-z_]+)");
    for (JsonNode panel : dashboard.path("panels")) {
      for (JsonNode target : panel.path("targets")) {
        Matcher m = metric.matcher(target.path("expr").asText());
        while (m.find()) {
          out.add(m.group(1));
        }
      }
    }
    return out;
  }
}
