package dev.atmosphere.common.embed;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
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

  @Test
  void shouldGiveEachTextTheVectorLangchain4jGaveItAndTheSameAloneOrInAList() {
    MiniLmEmbedder embedder = new MiniLmEmbedder();
    List<String> texts = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      texts.add(("Summarise clause " + i + " of the supplier contract, then list its risks. ").repeat(1 + i % 7));
    }
    texts.addAll(List.of("hi", "Übersetze das bitte ins Deutsche: the café is closed", "x = [1, 2, 3] # python?",
        "What's the capital of France?", "日本語のテキスト", "résumé naïve coöperate", "word ".repeat(400)));

    List<float[]> listed = embedder.embedAll(texts);

    assertThat(listed).hasSize(texts.size());
    for (int i = 0; i < texts.size(); i++) {
      assertThat(listed.get(i)).as("alone and in a list: %s", texts.get(i)).containsExactly(embedder.embed(texts.get(i)));
      assertThat(listed.get(i)).as("langchain4j's vector, bit for bit, for %s", texts.get(i))
          .containsExactly(embedder.langchain4jVector(texts.get(i)));
    }
  }

  @Test
  void shouldKeepTheOrderOfTextsOfDifferentLengthsInBatchedRunsAndPlaceNothingReadable() {
    MiniLmEmbedder embedder = new MiniLmEmbedder();
    List<String> texts = List.of("summarise the termination clause of this supplier contract for me", "hi", " ",
        "write a quicksort in Rust", "\uFFFD");

    List<float[]> batched = embedder.embedAll(texts, 32);

    float[] nothing = embedder.embed(MiniLmEmbedder.NOTHING);
    assertThat(batched).hasSize(5);
    assertThat(Vectors.dot(batched.get(2), nothing)).isGreaterThan(0.95);
    assertThat(Vectors.dot(batched.get(4), nothing)).isGreaterThan(0.95);
    for (int i : new int[] {0, 1, 3}) { // near its own vector (a batch shifts it: quantised runs) and no other
      assertThat(Vectors.dot(batched.get(i), embedder.embed(texts.get(i)))).as(texts.get(i)).isGreaterThan(0.95);
      for (int j : new int[] {0, 1, 2, 3}) {
        if (j != i) {
          assertThat(Vectors.dot(batched.get(i), embedder.embed(texts.get(j)))).isLessThan(0.9);
        }
      }
    }
  }
}
