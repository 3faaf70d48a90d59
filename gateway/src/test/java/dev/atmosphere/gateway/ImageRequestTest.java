package dev.atmosphere.gateway;

import dev.atmosphere.client.ReplyListener;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atmosphere.gateway.images.ImagePolicy;
import dev.atmosphere.schemas.CapabilityAnnouncement;
import dev.atmosphere.schemas.CapabilityType;
import dev.atmosphere.schemas.ImagePart;
import dev.atmosphere.schemas.Intent;
import dev.atmosphere.schemas.IntentKind;
import dev.atmosphere.schemas.Timings;
import dev.atmosphere.schemas.WorkResult;
import dev.atmosphere.schemas.WorkStatus;
import dev.atmosphere.schemas.fixtures.Fixtures;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Images through the gateway's door: data URLs become image parts of a VISION intent (inline when small,
 * claim-checked when large — fetched by the executing node, then dropped), limits answer 413 naming the part, and a
 * mesh that cannot see answers 400 before anything is posted.
 */
class ImageRequestTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private final SeeingMesh mesh = new SeeingMesh();
  private Gateway gateway;

  @AfterEach
  void stop() {
    if (gateway != null) {
      gateway.close();
    }
  }

  private void start(ImagePolicy images) {
    GatewayLock lock = new GatewayLock(GatewayLock.LOOPBACK, Set.of(), List.of(), false, 600, 32L << 20, images);
    gateway = new Gateway(new Gateway.Settings("127.0.0.1", 0, Duration.ofSeconds(5), "node-a", false, lock), mesh,
        null, Clock.systemUTC()).start();
  }

  static byte[] png(int size, long seed) {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    System.arraycopy(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a}, 0, b, 0, 8);
    return b;
  }

  private RawHttp.Response ask(String model, byte[]... images) throws Exception {
    ObjectNode body = JSON.createObjectNode().put("model", model);
    var content = body.putArray("messages").addObject().put("role", "user").putArray("content");
    content.addObject().put("type", "text").put("text", "What is in this picture?");
    for (byte[] image : images) {
      content.addObject().put("type", "image_url").putObject("image_url")
          .put("url", "data:image/png;base64," + Base64.getEncoder().encodeToString(image));
    }
    return RawHttp.send(gateway.port(), "POST", "/v1/chat/completions", Map.of("Content-Type", "application/json"),
        body.toString());
  }

  @Test
  void shouldPostAVisionIntentCarryingTheExactImageBytesInline() throws Exception {
    start(ImagePolicy.defaults());
    byte[] image = png(2_000, 1);

    RawHttp.Response r = ask("auto", image);

    assertThat(r.status()).isEqualTo(200);
    Intent posted = mesh.posted.get(0);
    assertThat(posted.getKind()).isEqualTo(IntentKind.VISION);
    ImagePart part = posted.getMessages().get(0).getImages().get(0);
    assertThat(part.getMediaType()).isEqualTo("image/png");
    assertThat(part.getClaimUrl()).isNull();
    assertThat(bytes(part.getData())).isEqualTo(image);
    assertThat(posted.getMessages().get(0).getContent()).isEqualTo("What is in this picture?");
    assertThat(JSON.readTree(r.body()).at("/choices/0/message/content").asText())
        .contains("saw 2000 bytes").contains(SeeingMesh.sha(image));
  }

  @Test
  void shouldClaimCheckALargeImageFetchItOnceAndDropItAfterTheAnswer() throws Exception {
    start(ImagePolicy.defaults());
    byte[] image = png(600_000, 2);

    RawHttp.Response r = ask("auto", image);

    assertThat(r.status()).isEqualTo(200);
    ImagePart part = mesh.posted.get(0).getMessages().get(0).getImages().get(0);
    assertThat(part.getData()).isNull();
    assertThat(part.getClaimUrl()).startsWith("http://127.0.0.1:" + gateway.port() + "/v1/atmosphere/images/");
    assertThat(part.getSizeBytes()).isEqualTo(600_000);
    assertThat(JSON.readTree(r.body()).at("/choices/0/message/content").asText()).contains(SeeingMesh.sha(image));
    assertThat(gateway.claimChecks().served()).isEqualTo(1);
    assertThat(gateway.claimChecks().size()).isZero();
    assertThat(HTTP.send(HttpRequest.newBuilder(URI.create(part.getClaimUrl())).build(),
        HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(404);
  }

  @Test
  void shouldAnswer413NamingThePartWhenAnImageIsTooLarge() throws Exception {
    start(new ImagePolicy(100_000, 200_000, 50_000, 1 << 20, false, Duration.ofSeconds(1), null));

    RawHttp.Response r = ask("auto", png(1_000, 3), png(150_000, 4));

    assertThat(r.status()).isEqualTo(413);
    assertThat(JSON.readTree(r.body()).at("/error/param").asText()).isEqualTo("messages[0].content[2].image_url");
    assertThat(mesh.posted).isEmpty();
  }

  @Test
  void shouldRefuseWith400WhenNoCapabilityCanSeeOrThePinnedModelIsBlind() throws Exception {
    start(ImagePolicy.defaults());
    mesh.table = List.of(SeeingMesh.cap("ollama:llm:llama3.2", CapabilityType.LLM, "llama3.2"));

    JsonNode none = JSON.readTree(ask("auto", png(500, 5)).body());
    mesh.table = List.of(SeeingMesh.cap("ollama:llm:llama3.2", CapabilityType.LLM, "llama3.2"),
        SeeingMesh.cap("ollama:vision:llava", CapabilityType.VISION, "llava"));
    JsonNode blind = JSON.readTree(ask("ollama:llm:llama3.2", png(500, 5)).body());

    assertThat(none.at("/error/code").asText()).isEqualTo("no_vision_capability");
    assertThat(blind.at("/error/code").asText()).isEqualTo("model_cannot_see");
    assertThat(blind.at("/error/param").asText()).isEqualTo("model");
    assertThat(mesh.posted).isEmpty();
  }

  @Test
  void shouldRefuseBytesThatAreNotAnImageAndUrlsUnlessFetchingIsAllowed() throws Exception {
    start(ImagePolicy.defaults());
    String notImage = "{\"model\":\"auto\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"image_url\","
        + "\"image_url\":{\"url\":\"data:image/png;base64," + Base64.getEncoder().encodeToString(new byte[64]) + "\"}}]}]}";
    String remote = "{\"model\":\"auto\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"image_url\","
        + "\"image_url\":{\"url\":\"http://169.254.169.254/latest/meta-data\"}}]}]}";

    RawHttp.Response a = RawHttp.send(gateway.port(), "POST", "/v1/chat/completions",
        Map.of("Content-Type", "application/json"), notImage);
    RawHttp.Response b = RawHttp.send(gateway.port(), "POST", "/v1/chat/completions",
        Map.of("Content-Type", "application/json"), remote);

    assertThat(a.status()).isEqualTo(400);
    assertThat(a.body()).contains("messages[0].content[0].image_url").contains("not a PNG, JPEG, GIF or WebP");
    assertThat(b.status()).isEqualTo(400);
    assertThat(b.body()).contains("gateway.images.fetch_urls");
    assertThat(mesh.posted).isEmpty();
  }

  private static byte[] bytes(ByteBuffer buffer) {
    ByteBuffer b = buffer.duplicate();
    byte[] out = new byte[b.remaining()];
    b.get(out);
    return out;
  }

  /** A mesh with a vision model that, like an executing node, fetches claim-checked images and says what it saw. */
  static final class SeeingMesh implements MeshPort {
    final List<Intent> posted = new ArrayList<>();
    volatile List<CapabilityAnnouncement> table = List.of(cap("ollama:vision:llava", CapabilityType.VISION, "llava"));

    static CapabilityAnnouncement cap(String id, CapabilityType type, String model) {
      return Fixtures.capability("node-a", id, type, model, "model " + model).setModels(List.of(model)).build();
    }

    static String sha(byte[] b) {
      return dev.atmosphere.gateway.images.ImageContent.sha256(b);
    }

    @Override
    public MeshPort start() {
      return this;
    }

    @Override
    public List<CapabilityAnnouncement> capabilities() {
      return table;
    }

    @Override
    public void submit(Intent intent, ReplyListener listener) {
      posted.add(intent);
      StringBuilder saw = new StringBuilder();
      try {
        for (ImagePart p : intent.getMessages().get(0).getImages()) {
          byte[] b = p.getData() != null ? bytes(p.getData()) : HTTP.send(HttpRequest.newBuilder(
              URI.create(p.getClaimUrl())).build(), HttpResponse.BodyHandlers.ofByteArray()).body();
          saw.append("saw ").append(b.length).append(" bytes ").append(sha(b)).append("; ");
        }
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
      listener.onResult(WorkResult.newBuilder().setIntentId(intent.getIntentId()).setWorkId("w").setNodeId("node-a")
          .setCapabilityId("ollama:vision:llava").setStatus(WorkStatus.SUCCEEDED).setAttempts(1)
          .setOutput(saw.toString())
          .setTimings(Timings.newBuilder().setIntentCreatedAt(Instant.EPOCH).setFinishedAt(Instant.EPOCH).build())
          .build());
    }

    @Override
    public void forget(String intentId) {}

    @Override
    public void close() {}
  }
}
