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
      "list three reasons to learn Go | list five reasons to learn Go",
      "Do all birds migrate in winter? | Do some birds migrate in winter?",
      "Why do many startups fail? | Why do few startups fail?",
      "Does every employee get a bonus? | Does any employee get a bonus?",
      "How do I turn on dark mode? | How do I turn off dark mode?",
      "Should I scale up the cluster at night? | Should I scale down the cluster at night?",
      "How do I zoom in on a PDF? | How do I zoom out on a PDF?",
      "How do I make coffee with sugar? | How do I make coffee without sugar?",
      "Can I buy one ticket online? | Can I buy two tickets online?",
      "What is the best IDE for Java? | What is the best IDE for JavaScript?",
      "Is Toronto a safe city or not? | Is Ottawa a safe city or not?"})
  void shouldReportADisagreementWhenAnEntityNumberNegationQuantityOrDirectionDiffers(String a, String b) {
    assertThat(FalseHitGuard.disagreement(a, b)).isNotNull();
  }

  @org.junit.jupiter.api.Test
  void shouldFlagEveryEntityNumberNegationAndQuantityPairOfTheNearMissSet() throws Exception {
    String tsv = new String(getClass().getResourceAsStream("/eval/near-miss-pairs.tsv").readAllBytes(),
        java.nio.charset.StandardCharsets.UTF_8);
    var designedFor = tsv.lines().filter(l -> !l.startsWith("#")).map(l -> l.split("\t"))
        .filter(f -> java.util.Set.of("entity", "number", "negation", "quantity").contains(f[0])).toList();

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
      "Don't use jargon: what is a mortgage? | Without jargon, what is a mortgage?",
      "Are there any ways to speed up Maven? | Are there ways to speed up Maven?",
      "What are all the ways to cook rice? | What are the ways to cook rice?",
      "How do I log in to Gmail? | How can I log in to my Gmail account?",
      "How do I find out my IP address? | How do I find my IP address in the terminal?",
      "What is the meaning of life in two words? | How can you define life in 2 words?",
      "What are two-way speakers? | How do 2-way speakers work?",
      "How can one write answers anonymously? | How do I write anonymous answers?",
      "Will banning Rs.500 and Rs.1000 notes help? | How would abolishing Rs. 500,1000 notes help?",
      "How can I know whether or not a girl likes me? | How do I know when a girl likes me?",
      "No, it doesn't exist in version 2.10.0. | Version 2.10.0 does not contain it.",
      "Can you get high from specks of weed without knowing? | Can you get high from specks of weed accidentally?",
      "Why ask things on Quora you could Google? | Why ask things on Quora you could find by Googling?",
      "How do I know when I'm in love? | How do I know if I am in love?",
      "How can I Remotely reset a phone? | How can I reset a phone from afar?"})
  void shouldAgreeWhenOnlyTheWordingDiffers(String a, String b) {
    assertThat(FalseHitGuard.disagreement(a, b)).isNull();
  }
}
