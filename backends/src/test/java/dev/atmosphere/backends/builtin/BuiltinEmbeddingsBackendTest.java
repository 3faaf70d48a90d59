package dev.atmosphere.backends.builtin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atmosphere.backends.Outcome;
import dev.atmosphere.common.embed.MiniLmEmbedder;
import dev.atmosphere.common.testing.FixedEmbedder;
import dev.atmosphere.schemas.CapabilityType;
import dev.atmosphere.schemas.IntentKind;
import dev.atmosphere.schemas.Provider;
import dev.atmosphere.schemas.WorkUnit;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class BuiltinEmbeddingsBackendTest {

  private static BuiltinEmbeddingsBackend miniLm;

  @BeforeAll
  static void model() {
    miniLm = new BuiltinEmbeddingsBackend(new MiniLmEmbedder());
  }

  @Test
  void shouldReportTheWordPiecesTheModelReadAsPromptTokens() {
    Outcome one = miniLm.execute(unit("the cat sat", List.of()), Duration.ofSeconds(5));
    Outcome batch = miniLm.execute(unit("", List.of("the cat sat", "embeddings", "   ")), Duration.ofSeconds(5));

    assertThat(one.promptTokens()).isEqualTo(3);
    assertThat(batch.promptTokens()).as("3 + 'em ##bed ##ding ##s' + a blank input").isEqualTo(3 + 4);
    assertThat(batch.output()).startsWith("[[").endsWith("]]");
    assertThat(miniLm.execute(unit("", List.of("contract", "clause")), Duration.ofSeconds(5)).promptTokens())
        .isEqualTo(2);
  }

  @Test
  void shouldWriteEachNumberAsFloatToStringDoes() {
    MiniLmEmbedder model = new MiniLmEmbedder();
    String expected = java.util.Arrays.toString(model.embed("the cat sat")).replace(" ", "");

    assertThat(miniLm.execute(unit("the cat sat", List.of()), Duration.ofSeconds(5)).output()).isEqualTo(expected);
    assertThat(miniLm.execute(unit("", List.of("the cat sat", "the cat sat")), Duration.ofSeconds(5)).output())
        .isEqualTo("[" + expected + "," + expected + "]");
  }

  @Test
  void shouldCountOnlyTheModelsWindowOfALongText() {
    String long400 = "word ".repeat(400);

    assertThat(miniLm.execute(unit(long400, List.of()), Duration.ofSeconds(5)).promptTokens()).isEqualTo(126);
  }

  @Test
  void shouldLeaveUsageUnknownWhenTheModelDoesNotCountTokens() {
    Outcome fixed = new BuiltinEmbeddingsBackend(new FixedEmbedder()).execute(unit("hi", List.of()),
        Duration.ofSeconds(5));

    assertThat(fixed.promptTokens()).isNull();
    assertThat(fixed.output()).isEqualTo("[1.0,0.0]");
  }

  private static WorkUnit unit(String text, List<String> inputs) {
    Instant now = Instant.parse("2026-11-28T12:00:00Z");
    return WorkUnit.newBuilder().setWorkId("w").setIntentId("i").setRouteId("r").setNodeId("n")
        .setCapabilityId("builtin:embeddings:all-MiniLM-L6-v2").setCapabilityType(CapabilityType.EMBEDDINGS)
        .setProvider(Provider.BUILTIN).setTarget("all-MiniLM-L6-v2").setKind(IntentKind.EMBED).setText(text)
        .setInputs(inputs).setIntentCreatedAt(now).setRoutedAt(now).build();
  }
}
