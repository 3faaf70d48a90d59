package dev.atmosphere.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.FunctionDefinition;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionMessageFunctionToolCall;
import com.openai.models.chat.completions.ChatCompletionToolMessageParam;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atmosphere.common.embed.MiniLmEmbedder;
import dev.atmosphere.common.testing.FakeOllama;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What OpenAI clients send beyond text, through the whole stack — gateway, Kafka, router, executor — to a faithful
 * Ollama stand-in. "What is in this picture?" reaches the vision model, which proves it got the exact bytes by
 * answering their digest; a large image is claim-checked, its bytes on no topic at all. A function-calling round trip
 * with the official OpenAI Java SDK goes only to the model that can call tools.
 */
@Timeout(240)
class OllamaFeaturesIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  @TempDir static Path home;
  private static FakeOllama ollama;
  private static MeshStack stack;
  private static String baseUrl;

  @BeforeAll
  static void up() {
    ollama = new FakeOllama().model("llava:7b", "llama", "7B", List.of("completion", "vision"))
        .model("llama3.2:latest", "llama", "3.2B", List.of("completion"))
        .model("qwen3:8b", "qwen3", "8B", List.of("completion", "tools"));
    stack = MeshStack.start(home, home.resolve("absent.properties"),
        Map.of("LLAMAFARM_URL", "http://127.0.0.1:1", "LF_DATA_DIR", home.resolve("lf").toString()),
        Map.of("node.name", "seeing-node", "embedded.kafka.port", "0", "embedded.registry.port", "0",
            "gateway.port", "0", "ollama.host", ollama.url(), "discovery.interval", "500ms",
            "heartbeat.interval", "500ms", "gateway.timeout", "60s"),
        new MiniLmEmbedder());
    baseUrl = stack.endpoints().gatewayUrl();
    RouterReady.awaitRoutable(stack.endpoints(), "ollama:vision:llava:7b");
    RouterReady.awaitRoutable(stack.endpoints(), "ollama:llm:qwen3:8b");
  }

  @AfterAll
  static void down() {
    if (stack != null) {
      stack.close();
    }
    if (ollama != null) {
      ollama.close();
    }
  }

  private static byte[] png(int size) {
    byte[] b = new byte[size];
    new Random(size).nextBytes(b);
    System.arraycopy(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a}, 0, b, 0, 8);
    return b;
  }

  private static JsonNode ask(byte[] image) throws Exception {
    ObjectNode body = JSON.createObjectNode().put("model", "auto");
    var content = body.putArray("messages").addObject().put("role", "user").putArray("content");
    content.addObject().put("type", "text").put("text", "What is in this picture?");
    content.addObject().put("type", "image_url").putObject("image_url")
        .put("url", "data:image/png;base64," + Base64.getEncoder().encodeToString(image));
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl + "/chat/completions"))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  private static String sha(byte[] b) {
    return dev.atmosphere.schemas.sign.Sha256.hex(b);
  }

  @Test
  void shouldAnswerWhatIsInAPictureFromAVisionModelThatGotTheExactBytes() throws Exception {
    byte[] small = png(20_000);
    byte[] large = png(700_000);

    JsonNode a = ask(small);
    JsonNode b = ask(large);

    assertThat(a.at("/choices/0/message/content").asText()).contains("sha256 " + sha(small));
    assertThat(b.at("/choices/0/message/content").asText()).contains("sha256 " + sha(large));
    assertThat(a.path("model").asText() + b.path("model").asText()).doesNotContain("llama3.2");
    assertThat(ollama.receivedImages()).anySatisfy(i -> assertThat(i).isEqualTo(small))
        .anySatisfy(i -> assertThat(i).isEqualTo(large));
    assertThat(topicsHolding(Arrays.copyOfRange(large, 5_000, 5_064))).isEmpty();
    assertThat(topicsHolding(Arrays.copyOfRange(small, 5_000, 5_064))).isNotEmpty(); // the probe itself works
  }

  @Test
  void shouldRunAFunctionCallingRoundTripFromTheOpenAiSdkOnAModelThatCanCallTools() {
    OpenAIClient openai = OpenAIOkHttpClient.builder().baseUrl(baseUrl).apiKey("not-needed").maxRetries(0)
        .timeout(Duration.ofSeconds(60)).build();
    FunctionDefinition weather = FunctionDefinition.builder().name("get_weather")
        .description("Current weather of a city").build();

    ChatCompletion first = openai.chat().completions().create(ChatCompletionCreateParams.builder().model("auto")
        .addUserMessage("What is the weather in Paris?").addFunctionTool(weather).build());
    ChatCompletionMessageFunctionToolCall call = first.choices().get(0).message().toolCalls().orElseThrow().get(0)
        .asFunction();
    ChatCompletion second = openai.chat().completions().create(ChatCompletionCreateParams.builder().model("auto")
        .addUserMessage("What is the weather in Paris?").addMessage(first.choices().get(0).message())
        .addMessage(ChatCompletionToolMessageParam.builder().toolCallId(call.id()).content("18 C and sunny").build())
        .addFunctionTool(weather).build());

    assertThat(first.choices().get(0).finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.TOOL_CALLS);
    assertThat(call.function().name()).isEqualTo("get_weather");
    assertThat(call.function().arguments()).contains("What is the weather in Paris?");
    assertThat(first.model()).isEqualTo("ollama:llm:qwen3:8b");
    assertThat(second.choices().get(0).message().content()).hasValueSatisfying(c ->
        assertThat(c).contains("the tool said 18 C and sunny"));
  }

  @Test
  void shouldServeTheOfficialOpenAiNodeSdk() throws Exception {
    Path dir = Path.of("target", "node-sdk");
    assumeTrue(run(dir, Duration.ofSeconds(180), "npm", "install", "--no-audit", "--no-fund", "--silent", "openai@4")
        .exitCode == 0, "node/npm or the npm registry is not available");
    Files.copy(OllamaFeaturesIT.class.getResourceAsStream("/node/client.mjs"), dir.resolve("client.mjs"),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);

    Ran client = run(dir, Duration.ofSeconds(120), "node", "client.mjs");

    assertThat(client.exitCode).as(client.output).isZero();
    JsonNode out = JSON.readTree(client.output.lines().filter(l -> l.startsWith("{")).reduce((a, b) -> b).orElseThrow());
    assertThat(out.path("chat").asText()).contains("Say hello to the mesh");
    assertThat(out.path("node").asText()).isNotEmpty();
    assertThat(out.path("stream").asText()).contains("Say hello to the stream");
    assertThat(out.path("usage").asInt()).isPositive();
    assertThat(out.path("finish").asText()).isEqualTo("tool_calls");
    assertThat(out.path("tool").asText()).isEqualTo("get_weather");
    assertThat(out.path("embeddings").asInt()).isEqualTo(3);
    assertThat(out.path("dimensions").asInt()).isEqualTo(384);
    assertThat(out.path("legacy").asText()).contains("Say hi");
  }

  private record Ran(int exitCode, String output) {}

  private static Ran run(Path dir, Duration limit, String... command) {
    try {
      Files.createDirectories(dir);
      ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
          .redirectOutput(dir.resolve(command[0] + ".log").toFile());
      builder.environment().put("ATMOSPHERE_BASE", baseUrl);
      Process p = builder.start();
      p.getOutputStream().close();
      if (!p.waitFor(limit.toSeconds(), java.util.concurrent.TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return new Ran(-1, "timed out");
      }
      return new Ran(p.exitValue(), Files.readString(dir.resolve(command[0] + ".log")));
    } catch (java.io.IOException e) {
      return new Ran(-1, e.toString()); // no such program
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Ran(-1, "interrupted");
    }
  }

  private static Set<String> topicsHolding(byte[] probe) throws Exception {
    return TopicScan.holding(stack.endpoints().bootstrap(), probe);
  }
}
