package dev.atmosphere.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.atmosphere.common.embed.MiniLmEmbedder;
import dev.atmosphere.common.testing.FakeLlamaFarm;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The live mesh view against the embedded stack in headless chromium: an intent posted through the gateway shows up
 * on the open page with where it went and why; a screenshot lands in {@code target/mesh-view.png}. Skipped where no
 * chromium is installed (.ci/run installs it).
 */
@Timeout(240)
class MeshViewIT {

  @TempDir static Path home;
  private static FakeLlamaFarm farm;
  private static MeshStack stack;
  private static WebDriver browser;

  @BeforeAll
  static void up() {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/chromium")) && Files.isExecutable(Path.of("/usr/bin/chromedriver")),
        "chromium and chromium-driver are not installed");
    farm = new FakeLlamaFarm().project("legal", "contracts", FakeLlamaFarm.projectConfig("legal", "contracts",
        "reviewer", "qwen3:8b", "Contract review", "You are a lawyer who reviews commercial contracts.", List.of()));
    stack = MeshStack.start(home, home.resolve("absent.properties"),
        Map.of("LLAMAFARM_URL", farm.url(), "LF_DATA_DIR", home.resolve("lf").toString()),
        Map.of("node.name", "view-node", "embedded.kafka.port", "0", "embedded.registry.port", "0", "gateway.port", "0",
            "llamafarm.namespaces", "legal", "ollama.host", "http://127.0.0.1:1", "discovery.interval", "500ms",
            "heartbeat.interval", "500ms", "metrics.port", "0"),
        new MiniLmEmbedder());
    RouterReady.awaitRoutable(stack.endpoints(), "llamafarm:llm:legal/contracts");
    browser = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(new java.io.File(
        "/usr/bin/chromedriver")).usingAnyFreePort().build(), new ChromeOptions().setBinary("/usr/bin/chromium")
        .addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1400,1000"));
  }

  @AfterAll
  static void down() {
    if (browser != null) {
      browser.quit();
    }
    if (stack != null) {
      stack.close();
    }
    if (farm != null) {
      farm.close();
    }
  }

  @Test
  void shouldShowAnIntentsRouteLiveOnTheOpenPage() throws Exception {
    String base = stack.endpoints().gatewayUrl().replaceFirst("/v1$", "");
    browser.get(base + "/");
    new WebDriverWait(browser, Duration.ofSeconds(20)).until(b -> b.findElement(By.id("capabilities")).getText()
        .contains("llamafarm:llm:legal/contracts"));

    HttpResponse<String> posted = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base
            + "/v1/chat/completions")).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers
            .ofString("{\"model\":\"auto\",\"messages\":[{\"role\":\"user\",\"content\":\"review the indemnity clause\"}]}"))
        .build(), HttpResponse.BodyHandlers.ofString());
    String intentId = new com.fasterxml.jackson.databind.ObjectMapper().readTree(posted.body())
        .at("/atmosphere/intent_id").asText();
    new WebDriverWait(browser, Duration.ofSeconds(20)).until(b -> b.findElement(By.id("routes")).getText()
        .contains(intentId) && b.findElement(By.id("results")).getText().contains(intentId));

    assertThat(posted.statusCode()).isEqualTo(200);
    assertThat(browser.findElement(By.id("routes")).getText()).contains("llamafarm:llm:legal/contracts");
    assertThat(browser.findElement(By.id("results")).getText()).contains(intentId).contains("SUCCEEDED");
    assertThat(browser.findElement(By.id("nodes")).getText()).contains("view-node");
    assertThat(browser.findElement(By.id("status")).getText()).contains("(live)"); // pushed by server-sent events
    Path shot = Path.of("target", "mesh-view.png");
    Files.write(shot, ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    assertThat(Files.size(shot)).isGreaterThan(10_000);
  }
}
