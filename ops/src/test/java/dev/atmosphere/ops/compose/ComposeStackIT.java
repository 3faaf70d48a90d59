package dev.atmosphere.ops.compose;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.ComposeContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * The real production stack from docker-compose.yml: three SASL brokers, ACLs, registry, Flink, router, node,
 * Prometheus, Grafana. Runs wherever Docker exists (after {@code mvn package}); skipped cleanly without Docker — the
 * same behaviour is covered here by ComposeFileTest (statically) and the embedded-broker ITs (at run time).
 */
@Testcontainers(disabledWithoutDocker = true)
class ComposeStackIT {

  private static final Map<String, String> SECRETS = Map.of("KAFKA_CLUSTER_ID", "5L6g3nShT-eMCtK--X86sw",
      "KAFKA_ADMIN_PASSWORD", "it-admin", "ROUTER_PASSWORD", "it-router", "NODE_PASSWORD", "it-node",
      "SCALER_PASSWORD", "it-scaler", "MONITORING_PASSWORD", "it-monitoring", "REGISTRY_PASSWORD", "it-registry",
      "GRAFANA_ADMIN_PASSWORD", "it-grafana", "REGISTRY_HTTP_PASSWORD", "it-registry-http",
      "GATEWAY_API_KEY", "it-gateway-key-0123456789");

  @Container
  static final ComposeContainer STACK = new ComposeContainer(
      new File(Path.of("..").toAbsolutePath().normalize().resolve("docker-compose.yml").toString()))
      .withEnv(SECRETS)
      .withExposedService("router", 9464, Wait.forHttp("/metrics").withStartupTimeout(Duration.ofMinutes(5)))
      .withExposedService("grafana", 3000, Wait.forHttp("/api/health").withStartupTimeout(Duration.ofMinutes(5)));

  @Test
  void shouldServeRouterMetricsAndTheProvisionedDashboard() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    String metrics = http.send(HttpRequest.newBuilder(URI.create("http://" + STACK.getServiceHost("router", 9464)
        + ":" + STACK.getServicePort("router", 9464) + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
    String dashboard = http.send(HttpRequest.newBuilder(URI.create("http://" + STACK.getServiceHost("grafana", 3000)
            + ":" + STACK.getServicePort("grafana", 3000) + "/api/dashboards/uid/atmosphere-mesh"))
        .header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString("admin:it-grafana".getBytes()))
        .build(), HttpResponse.BodyHandlers.ofString()).body();

    assertThat(metrics).contains("atmosphere_routes_total");
    assertThat(dashboard).contains("Atmosphere mesh");
  }
}
