package dev.atmosphere.gateway;

import static dev.atmosphere.schemas.fixtures.Fixtures.capability;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.atmosphere.common.config.ConfigException;
import dev.atmosphere.common.config.Settings;
import dev.atmosphere.schemas.CapabilityAnnouncement;
import dev.atmosphere.schemas.CapabilityType;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Clients that insist on a model name the mesh does not serve get it mapped, as configured — or a 404 naming the key. */
class ModelAliasesTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<CapabilityAnnouncement> TABLE = List.of(
      capability("node-a", "llamafarm:llm:general/assistant", CapabilityType.LLM, "assistant", "a general assistant")
          .setModels(List.of("llama3.2:3b")).build(),
      capability("node-a", "builtin:embeddings:all-MiniLM-L6-v2", CapabilityType.EMBEDDINGS, "MiniLM", "embeddings")
          .build());
  private final EchoMesh mesh = new EchoMesh();
  private Gateway gateway;

  private static ModelAliases aliases(String value) {
    Settings s = Settings.of(Map.of("gateway.model.aliases", value));
    ModelAliases aliases = ModelAliases.from(s);
    s.validate();
    return aliases;
  }

  private Gateway start(String aliases) {
    mesh.table = TABLE;
    gateway = new Gateway(new Gateway.Settings("127.0.0.1", 0, Duration.ofSeconds(5), "node-a", false,
        GatewayLock.loopbackDefaults(), aliases(aliases), 200), mesh, null, Clock.systemUTC()).start();
    return gateway;
  }

  private RawHttp.Response chat(String model) throws Exception {
    return RawHttp.send(gateway.port(), "POST", "/v1/chat/completions", Map.of("Content-Type", "application/json"),
        "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
  }

  @AfterEach
  void stop() {
    if (gateway != null) {
      gateway.close();
    }
  }

  @Test
  void shouldMapANamedAliasFirstThenWhatTheMeshServesThenTheCatchAll() {
    ModelAliases a = aliases("gpt-4o-mini=auto, llama3.2:3b=llamafarm:llm:general/assistant, *=auto");

    assertThat(a.resolve("gpt-4o-mini", TABLE)).isEqualTo("auto");
    assertThat(a.resolve("llama3.2:3b", TABLE)).as("an alias wins over a served name")
        .isEqualTo("llamafarm:llm:general/assistant");
    assertThat(a.resolve("builtin:embeddings:all-MiniLM-L6-v2", TABLE)).as("served: kept")
        .isEqualTo("builtin:embeddings:all-MiniLM-L6-v2");
    assertThat(a.resolve("claude-3-haiku", TABLE)).isEqualTo("auto");
    assertThat(aliases("gpt-4o=auto").resolve("claude-3-haiku", TABLE)).as("no catch-all").isEqualTo("claude-3-haiku");
    assertThat(ModelAliases.NONE.resolve("gpt-4o", TABLE)).isEqualTo("gpt-4o");
  }

  @Test
  void shouldRefuseAMalformedEntryNamingTheKey() {
    for (String bad : List.of("gpt-4o", "=auto", "gpt-4o=", "a=*", "a=auto,a=auto")) {
      assertThatThrownBy(() -> aliases(bad)).as(bad).isInstanceOf(ConfigException.class)
          .hasMessageContaining("gateway.model.aliases");
    }
  }

  @Test
  void shouldAnswerAChatNamingAnAliasedModelRoutedByMeaningAndListTheAlias() throws Exception {
    start("gpt-4o-mini=auto");

    RawHttp.Response chat = chat("gpt-4o-mini");
    RawHttp.Response model = RawHttp.send(gateway.port(), "GET", "/v1/models/gpt-4o-mini", Map.of(), null);
    RawHttp.Response other = RawHttp.send(gateway.port(), "GET", "/v1/models/gpt-4o", Map.of(), null);

    assertThat(chat.status()).as(chat.body()).isEqualTo(200);
    assertThat(JSON.readTree(chat.body()).path("model").asText()).as("the capability that answered")
        .isEqualTo("builtin:echo");
    assertThat(mesh.last.getPinnedCapabilityId()).isNull();
    assertThat(mesh.last.getPinnedModel()).isNull();
    assertThat(model.status()).isEqualTo(200);
    assertThat(JSON.readTree(model.body()).path("id").asText()).isEqualTo("gpt-4o-mini");
    assertThat(other.status()).isEqualTo(404);
    assertThat(other.body()).contains("gateway.model.aliases");
  }

  @Test
  void shouldPinTheCapabilityAnAliasNamesForChatsAndEmbeddings() throws Exception {
    start("gpt-4o=llamafarm:llm:general/assistant, text-embedding-3-small=builtin:embeddings:all-MiniLM-L6-v2");

    RawHttp.Response chat = chat("gpt-4o");
    assertThat(chat.status()).as(chat.body()).isEqualTo(200);
    assertThat(mesh.last.getPinnedCapabilityId()).isEqualTo("llamafarm:llm:general/assistant");

    RawHttp.Response embed = RawHttp.send(gateway.port(), "POST", "/v1/embeddings",
        Map.of("Content-Type", "application/json"), "{\"model\":\"text-embedding-3-small\",\"input\":\"hi\"}");
    assertThat(embed.status()).as(embed.body()).isEqualTo(200);
    assertThat(mesh.last.getPinnedCapabilityId()).isEqualTo("builtin:embeddings:all-MiniLM-L6-v2");
  }
}
