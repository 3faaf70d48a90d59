package dev.atmosphere.common.embed;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Text the model reads nothing in still gets a vector: the router must never fail on what a client typed. */
class MiniLmEmbedderTest {

  @Test
  void shouldEmbedTextWithNothingReadableAsThePlaceholderInsteadOfThrowing() {
    MiniLmEmbedder embedder = new MiniLmEmbedder();

    float[] replacementChars = embedder.embed("\uFFFD\uFFFD"); // invalid UTF-8 as the HTTP layer decodes it
    float[] blank = embedder.embed("   ");

    assertThat(replacementChars).hasSize(384).containsExactly(embedder.embed(MiniLmEmbedder.NOTHING));
    assertThat(blank).containsExactly(replacementChars);
    assertThat(embedder.embed("summarise this contract")).isNotEqualTo(replacementChars);
  }
}
