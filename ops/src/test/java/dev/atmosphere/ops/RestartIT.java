package dev.atmosphere.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.atmosphere.common.embed.Embedder;
import dev.atmosphere.common.embed.MiniLmEmbedder;
import dev.atmosphere.ops.embedded.Ports;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The first thing every user does: stop {@code ./atmosphere up} and start it again on its own data. The launcher's
 * whole stack (embedded broker, durable registry, router, agent, executor) is started four times on one data
 * directory; each time an intent succeeds and every result written before — under schema ids issued by the
 * registry of an earlier run — still decodes through {@code tail results --from-beginning}.
 */
@Timeout(420)
class RestartIT {

  @TempDir static Path home;
  private static LauncherHome launcher;
  private static Embedder embedder;

  @BeforeAll
  static void setUp() throws Exception {
    launcher = new LauncherHome(home);
    embedder = new MiniLmEmbedder();
  }

  @AfterAll
  static void tearDown() {
    if (launcher != null) {
      launcher.close();
    }
  }

  @Test
  void shouldServeAndKeepEarlierResultsReadableAcrossThreeRestartsOnOneDataDirectory() throws Exception {
    List<String> intentIds = new ArrayList<>();
    for (int run = 0; run < 4; run++) {
      try (MeshStack stack = start()) {
        RouterReady.awaitRoutable(stack.endpoints(), "llamafarm:llm:default/contracts");

        String[] intent = cli("intent", "--json", "review the indemnity clause, run " + run);
        assertThat(intent[0]).as("run %d: %s", run, intent[2]).isEqualTo("0");
        JsonNode json = new ObjectMapper().readTree(intent[1]);
        assertThat(json.at("/result/status").asText()).isEqualTo("SUCCEEDED");
        intentIds.add(json.at("/result/intentId").asText());

        String[] tail = cli("tail", "results", "--from-beginning", "--json", "--max", Integer.toString(run + 1),
            "--timeout", "30");
        assertThat(tail[0]).as(tail[2]).isEqualTo("0");
        assertThat(tail[1].lines().map(RestartIT::intentId).toList())
            .as("run %d reads every result written since the first start", run)
            .containsExactlyInAnyOrderElementsOf(intentIds);
      }
    }
    System.out.printf("restart: 4 starts on one data dir, %d intents answered, all %d results decodable%n",
        intentIds.size(), intentIds.size());
  }

  @Test
  void shouldAnswerACliThatWaitsThroughAStopAndStartOfTheStack(@TempDir Path otherHome) throws Exception {
    int kafkaPort = Ports.freePort();
    int registryPort = Ports.freePort();
    CountDownLatch release = new CountDownLatch(1);
    try (LauncherHome user = new LauncherHome(otherHome)) {
      user.farm.holdChatsMentioning("through the restart", release);
      CompletableFuture<String[]> waiting;
      try (MeshStack stack = user.start(embedder, kafkaPort, registryPort)) {
        RouterReady.awaitRoutable(stack.endpoints(), "llamafarm:llm:default/contracts");
        waiting = CompletableFuture.supplyAsync(() -> cli("intent", "--json", "--timeout", "240",
            "review the indemnity clause through the restart"));
        await().atMost(Duration.ofSeconds(60)).until(() -> user.farm.chatsStarted() == 1);
      } // stopped while the answer is outstanding, as Ctrl-C does
      try (MeshStack again = user.start(embedder, kafkaPort, registryPort)) {
        await().atMost(Duration.ofSeconds(120)).until(() -> user.farm.chatsStarted() >= 2); // its unit runs again
        release.countDown();
        String[] answer = waiting.get(180, TimeUnit.SECONDS);

        assertThat(answer[0]).as(answer[2]).isEqualTo("0");
        JsonNode json = new ObjectMapper().readTree(answer[1]);
        assertThat(json.at("/result/status").asText()).isEqualTo("SUCCEEDED");
        assertThat(json.at("/result/output").asText()).contains("stand-in says");
      }
    } finally {
      release.countDown();
    }
  }

  private static MeshStack start() {
    MeshStack stack = launcher.start(embedder);
    await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(Endpoints.file(home.resolve(".atmosphere"))));
    return stack;
  }

  private static String intentId(String jsonLine) {
    try {
      return new ObjectMapper().readTree(jsonLine).get("intentId").asText();
    } catch (Exception e) {
      throw new AssertionError("not a JSON result line: " + jsonLine, e);
    }
  }

  private static String[] cli(String... args) {
    return CliRunner.run(args);
  }
}
