package dev.atmosphere.router.cache;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The guard separates near misses from paraphrases on the features it claims to check. */
class FalseHitGuardTest {

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "What is the capital of France? | What is the capital of Spain?",
      "Convert 5 miles to kilometres | Convert 50 miles to kilometres",
      "Which foods are safe for dogs? | Which foods are not safe for dogs?",
      "Can I take ibuprofen with coffee? | Can't I take ibuprofen with coffee?",
      "Summarise the 2023 annual report | Summarise the 2024 annual report",
      "How do I install Postgres on Ubuntu? | How do I install Postgres on Windows?",
      "list three reasons to learn Go | list five reasons to learn Go"})
  void shouldReportADisagreementWhenAnEntityNumberOrNegationDiffers(String a, String b) {
    assertThat(FalseHitGuard.disagreement(a, b)).isNotNull();
  }

  @org.junit.jupiter.api.Test
  void shouldFlagEveryEntityNumberAndNegationPairOfTheNearMissSet() throws Exception {
    String tsv = new String(getClass().getResourceAsStream("/eval/near-miss-pairs.tsv").readAllBytes(),
        java.nio.charset.StandardCharsets.UTF_8);
    var designedFor = tsv.lines().filter(l -> !l.startsWith("#")).map(l -> l.split("\t"))
        .filter(f -> java.util.Set.of("entity", "number", "negation").contains(f[0])).toList();

    assertThat(designedFor).hasSizeGreaterThan(80)
        .allSatisfy(f -> assertThat(FalseHitGuard.disagreement(f[1], f[2])).as(f[1] + " / " + f[2]).isNotNull());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "What is the capital of France? | What's the capital of France?",
      "How do I reset my password? | How can I reset my password?",
      "Who wrote Hamlet? | Hamlet was written by whom?",
      "What is France's capital? | What is the capital of France?",
      "Explain TCP slow start | Explain how TCP slow start works",
      "Don't use jargon: what is a mortgage? | Without jargon, what is a mortgage?"})
  void shouldAgreeWhenOnlyTheWordingDiffers(String a, String b) {
    assertThat(FalseHitGuard.disagreement(a, b)).isNull();
  }
}
