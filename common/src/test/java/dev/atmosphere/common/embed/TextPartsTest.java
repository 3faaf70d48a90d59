package dev.atmosphere.common.embed;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TextPartsTest {

  private static final String PROMPT = "You are a commercial contracts lawyer. Review agreements, explain clauses, "
      + "indemnities and governing law.";

  @Test
  void shouldGiveEverySentenceAndListItemAPartOfItsOwn() {
    assertThat(TextParts.of(PROMPT, false)).containsExactly("You are a commercial contracts lawyer",
        "Review agreements, explain clauses, indemnities and governing law", "Review agreements", "explain clauses",
        "indemnities", "governing law");
  }

  @Test
  void shouldKeepTheFirstSentenceInFrontOfEachListItemWhenAskedForContext() {
    assertThat(TextParts.of(PROMPT, true)).contains("You are a commercial contracts lawyer: indemnities")
        .doesNotContain("indemnities");
  }

  @Test
  void shouldDropFragmentsTooShortToMeanAnythingAndRepeats() {
    assertThat(TextParts.of("Go, Go and C. Go, Go and C.", false)).containsExactly("Go, Go and C");
  }
}
