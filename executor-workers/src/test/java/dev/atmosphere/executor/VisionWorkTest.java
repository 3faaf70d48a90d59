package dev.atmosphere.executor;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.atmosphere.backends.llamafarm.LlamaFarmBackend;
import dev.atmosphere.backends.ollama.OllamaBackend;
import dev.atmosphere.common.http.JsonHttp;
import dev.atmosphere.common.testing.FakeLlamaFarm;
import dev.atmosphere.common.testing.FakeOllama;
import dev.atmosphere.common.testing.MutableClock;
import dev.atmosphere.schemas.CapabilityType;
import dev.atmosphere.schemas.ChatMessage;
import dev.atmosphere.schemas.ImagePart;
import dev.atmosphere.schemas.IntentKind;
import dev.atmosphere.schemas.Provider;
import dev.atmosphere.schemas.WorkResult;
import dev.atmosphere.schemas.WorkStatus;
import dev.atmosphere.schemas.WorkUnit;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Vision units on the executing node: images reach Ollama as base64 {@code images} and LlamaFarm as OpenAI image
 * parts, byte for byte; a claim-checked image is fetched from the posting node once and verified by its digest.
 */
class VisionWorkTest {

  private static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");
  private final FakeOllama ollama = new FakeOllama().model("llava:7b", "llama", "7B", List.of("completion", "vision"))
      .model("llama3.2:latest", "llama", "3.2B", List.of("completion"));
  private final FakeLlamaFarm lf = new FakeLlamaFarm().project("docs", "vision", FakeLlamaFarm.projectConfig("docs",
      "vision", "seer", "gemma3:4b", "Looks at pictures", "You describe images.", List.of()));
  private final JsonHttp http = new JsonHttp(Duration.ofSeconds(2));
  private final WorkRunner runner = new WorkRunner("n1", Map.of(Provider.OLLAMA, new OllamaBackend(http, ollama.url()),
      Provider.LLAMAFARM, new LlamaFarmBackend(http, lf::url)), Duration.ofSeconds(5), new MutableClock(T0));
  private HttpServer origin;

  @AfterEach
  void stop() {
    ollama.close();
    lf.close();
    if (origin != null) {
      origin.stop(0);
    }
  }

  private static byte[] png(int size) {
    byte[] b = new byte[size];
    new Random(size).nextBytes(b);
    System.arraycopy(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a}, 0, b, 0, 8);
    return b;
  }

  private static String sha(byte[] b) {
    return dev.atmosphere.schemas.sign.Sha256.hex(b);
  }

  private static WorkUnit unit(Provider provider, String target, ImagePart image) {
    return WorkUnit.newBuilder().setWorkId("w1").setIntentId("i1").setRouteId("r1").setNodeId("n1")
        .setCapabilityId("cap").setCapabilityType(CapabilityType.VISION).setProvider(provider).setTarget(target)
        .setKind(IntentKind.VISION).setText("What is in this picture?").setIntentCreatedAt(T0).setRoutedAt(T0)
        .setMessages(List.of(new ChatMessage("user", "What is in this picture?", List.of(image), null, null))).build();
  }

  private static ImagePart inline(byte[] b) throws Exception {
    return ImagePart.newBuilder().setMediaType("image/png").setSha256(sha(b)).setSizeBytes(b.length)
        .setData(ByteBuffer.wrap(b)).build();
  }

  /** The posting node's claim check: serves {@code served} at /v1/atmosphere/images/secret-id and counts fetches. */
  private String claimCheck(byte[] served, AtomicInteger fetches) throws Exception {
    origin = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    origin.createContext("/v1/atmosphere/images/secret-id", ex -> {
      fetches.incrementAndGet();
      ex.getResponseHeaders().set("Content-Type", "image/png");
      ex.sendResponseHeaders(200, served.length);
      ex.getResponseBody().write(served);
      ex.close();
    });
    origin.start();
    return "http://127.0.0.1:" + origin.getAddress().getPort() + "/v1/atmosphere/images/secret-id";
  }

  @Test
  void shouldSendTheExactImageBytesToAnOllamaVisionModel() throws Exception {
    byte[] image = png(3_000);

    WorkResult result = runner.run(unit(Provider.OLLAMA, "llava:7b", inline(image)));

    assertThat(result.getStatus()).isEqualTo(WorkStatus.SUCCEEDED);
    assertThat(ollama.receivedImages()).hasSize(1);
    assertThat(ollama.receivedImages().get(0)).isEqualTo(image);
    assertThat(result.getOutput()).contains("sha256 " + sha(image));
  }

  @Test
  void shouldFetchAClaimCheckedImageOnceAndVerifyIt() throws Exception {
    byte[] image = png(400_000);
    AtomicInteger fetches = new AtomicInteger();
    ImagePart part = ImagePart.newBuilder().setMediaType("image/png").setSha256(sha(image))
        .setSizeBytes(image.length).setClaimUrl(claimCheck(image, fetches)).build();

    WorkResult result = runner.run(unit(Provider.OLLAMA, "llava:7b", part));

    assertThat(result.getStatus()).isEqualTo(WorkStatus.SUCCEEDED);
    assertThat(fetches).hasValue(1);
    assertThat(ollama.receivedImages().get(0)).isEqualTo(image);
  }

  @Test
  void shouldFailWithoutNamingTheClaimIdWhenTheFetchedBytesDoNotMatchTheirDigest() throws Exception {
    byte[] image = png(10_000);
    byte[] tampered = image.clone();
    tampered[100] ^= 1;
    ImagePart part = ImagePart.newBuilder().setMediaType("image/png").setSha256(sha(image))
        .setSizeBytes(image.length).setClaimUrl(claimCheck(tampered, new AtomicInteger())).build();

    WorkResult result = runner.run(unit(Provider.OLLAMA, "llava:7b", part));

    assertThat(result.getStatus()).isEqualTo(WorkStatus.FAILED);
    assertThat(result.getError()).contains("does not match its digest").doesNotContain("secret-id");
    assertThat(ollama.receivedImages()).isEmpty();
  }

  @Test
  void shouldSendImagesToLlamaFarmAsOpenAiImageParts() throws Exception {
    byte[] image = png(1_000);

    runner.run(unit(Provider.LLAMAFARM, "docs/vision", inline(image)));

    var content = lf.requests("/v1/projects/docs/vision/chat/completions").get(0).json().at("/messages/0/content");
    assertThat(content.get(0).path("text").asText()).isEqualTo("What is in this picture?");
    assertThat(content.get(1).at("/image_url/url").asText())
        .isEqualTo("data:image/png;base64," + java.util.Base64.getEncoder().encodeToString(image));
  }
}
