package dev.atmosphere.gateway;

import dev.atmosphere.client.ReplyListener;
import dev.atmosphere.client.MeshView;

import static dev.atmosphere.schemas.fixtures.Fixtures.alive;
import static dev.atmosphere.schemas.fixtures.Fixtures.capability;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.atmosphere.schemas.Alert;
import dev.atmosphere.schemas.AlertSeverity;
import dev.atmosphere.schemas.AlertType;
import dev.atmosphere.schemas.CapabilityAnnouncement;
import dev.atmosphere.schemas.CapabilityType;
import dev.atmosphere.schemas.Intent;
import dev.atmosphere.schemas.RouteDecision;
import dev.atmosphere.schemas.Timings;
import dev.atmosphere.schemas.WorkResult;
import dev.atmosphere.schemas.WorkStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The live mesh view in a real browser (Debian's chromium, headless): nodes with liveness and resources, the
 * capabilities, the latest routes with their reasons, results and alerts, refreshed from the node's own API — and
 * text from the mesh is shown as text, never run as markup. Skipped where no chromium is installed (.ci/run installs it).
 */
class MeshViewPageTest {

  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path DRIVER = Path.of("/usr/bin/chromedriver");
  private static final Instant NOW = Instant.now();
  private Gateway gateway;
  private WebDriver browser;

  /** A mesh of two nodes, one of them dead, with a route, a result and an alert seen. */
  static final class ViewMesh implements MeshPort {
    @Override
    public MeshPort start() {
      return this;
    }

    @Override
    public List<CapabilityAnnouncement> capabilities() {
      return List.of(capability("node-a", "llamafarm:rag:legal/contracts", CapabilityType.RAG, "contracts",
              "Contract review <img src=x id=injected onerror=alert(1)>").build(),
          capability("node-b", "ollama:llm:llama3.2", CapabilityType.LLM, "llama3.2", "General chat").build());
    }

    @Override
    public MeshView view() {
      return new MeshView(List.of(alive("node-a", NOW).setAvailableVramBytes(20L << 30).setTotalVramBytes(24L << 30)
              .setGpuUtilization(0.35).build(),
          alive("node-b", NOW.minusSeconds(60)).setExpiresAt(NOW.minusSeconds(45)).build()), capabilities(),
          List.of(RouteDecision.newBuilder().setRouteId("i-1-r1").setIntentId("i-1").setAttempt(1).setDecidedAt(NOW)
              .setEmbeddingModel("all-MiniLM-L6-v2").setChosenNodeId("node-a")
              .setChosenCapabilityId("llamafarm:rag:legal/contracts").setScore(0.61)
              .setReason("affinity: the conversation's previous turn was answered here (its KV cache is warm)")
              .setCandidates(List.of()).build()),
          List.of(WorkResult.newBuilder().setIntentId("i-1").setStatus(WorkStatus.SUCCEEDED).setNodeId("node-a")
              .setCapabilityId("llamafarm:rag:legal/contracts").setTimings(Timings.newBuilder()
                  .setIntentCreatedAt(NOW).setFinishedAt(NOW.plusMillis(840)).build()).build()),
          List.of(Alert.newBuilder().setAlertId("a1").setType(AlertType.NO_ROUTE_STORM)
              .setSeverity(AlertSeverity.WARNING).setSubject("mesh").setMessage("12 intents found no route")
              .setWindowStart(NOW).setWindowEnd(NOW).build()));
    }

    @Override
    public void submit(Intent intent, ReplyListener listener) {}

    @Override
    public void forget(String intentId) {}

    @Override
    public void close() {}
  }

  @BeforeEach
  void start() {
    assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER),
        "chromium and chromium-driver are not installed (apt-get install chromium chromium-driver)");
    gateway = new Gateway(new Gateway.Settings("127.0.0.1", 0, Duration.ofSeconds(5), "node-a", false,
        GatewayLock.loopbackDefaults()), new ViewMesh(), null, Clock.systemUTC()).start();
    ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile())
        .addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu");
    browser = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
        .usingAnyFreePort().build(), options);
  }

  @AfterEach
  void stop() {
    if (browser != null) {
      browser.quit();
    }
    if (gateway != null) {
      gateway.close();
    }
  }

  @Test
  void shouldShowNodesCapabilitiesRoutesResultsAndAlertsFromTheNodesApi() {
    browser.get("http://127.0.0.1:" + gateway.port() + "/");
    new WebDriverWait(browser, Duration.ofSeconds(20))
        .until(b -> b.findElements(By.cssSelector("#nodes tbody tr")).size() == 2);

    String nodes = browser.findElement(By.id("nodes")).getText();
    assertThat(nodes).contains("node-a").contains("node-b").contains("20.0 GiB of 24.0 GiB").contains("35 %");
    assertThat(browser.findElement(By.cssSelector("#nodes tbody tr:nth-child(2)")).getText()).contains("no");
    assertThat(browser.findElement(By.id("routes")).getText()).contains("i-1").contains("0.610")
        .contains("affinity: the conversation's previous turn");
    assertThat(browser.findElement(By.id("results")).getText()).contains("SUCCEEDED").contains("840");
    assertThat(browser.findElement(By.id("alerts")).getText()).contains("NO_ROUTE_STORM").contains("12 intents");
    assertThat(browser.findElement(By.id("status")).getText()).contains("1 of 2 node(s) alive").contains("(live)");
    assertThat(browser.findElement(By.id("capabilities")).getText()).contains("<img src=x");
    assertThat(browser.findElements(By.id("injected"))).isEmpty(); // shown as text, never run
    assertThat(browser.findElements(By.cssSelector("#throughput polyline"))).hasSize(1);
    assertThat(browser.findElements(By.cssSelector("#hits polyline"))).hasSize(1);
  }

  @Test
  void shouldPushTheViewAsServerSentEvents() throws Exception {
    var lines = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(
        "http://127.0.0.1:" + gateway.port() + "/v1/atmosphere/mesh/events")).build(),
        java.net.http.HttpResponse.BodyHandlers.ofLines());

    assertThat(lines.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t)
        .startsWith("text/event-stream"));
    String first = lines.body().filter(l -> l.startsWith("data: ")).findFirst().orElseThrow();
    assertThat(first).contains("\"nodes\"").contains("node-a").contains("i-1");
  }

  @Test
  void shouldKeepTheViewBehindTheSameLockAsTheApi() throws Exception {
    RawHttp.Response foreign = RawHttp.send(gateway.port(), "GET", "/v1/atmosphere/mesh",
        Map.of("Origin", "http://evil.example"), null);
    RawHttp.Response rebound = RawHttp.send(gateway.port(), "GET", "/", Map.of("Host", "evil.example"), null);

    assertThat(foreign.status()).isEqualTo(403);
    assertThat(rebound.status()).isEqualTo(403);
  }
}
