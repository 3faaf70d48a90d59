package dev.atmosphere.router.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atmosphere.common.config.ConfigException;
import dev.atmosphere.common.config.Settings;
import dev.atmosphere.router.RouterConfig;
import java.util.Map;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The second stage, with the real WordNet: a changed meaning is named, a rewording passes. */
class WordContrastTest {

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "How do I increase my credit score? | How do I decrease my credit score? | opposites",
      "What is the best way to heat a room? | What is the best way to cool a room? | opposites",
      "what is the capital of france | what is the capital city of spain | different things of one kind",
      "how do i install postgres on ubuntu | how do i install mysql on ubuntu | 'mysql' instead of 'postgres'",
      "Translate this sentence from English to German | Translate this sentence from German to English | swapped",
      "Is a dolphin bigger than a shark? | Is a shark bigger than a dolphin? | swapped",
      "Why are flights so pricey in summer? | Why are flights so cheap in summer? | opposites",
      "Is a bigger engine better for towing? | Is a smaller engine better for towing? | opposites",
      "Should I allow cookies on my site? | Should I forbid cookies on my site? | opposites"})
  void shouldNameWhatChangedTheMeaning(String stored, String asked, String reason) {
    assertThat(WordContrast.between(asked, stored)).contains(reason);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "Summarise clause 4 of the supplier contract | Give me a summary of clause 4 in the supplier contract",
      "Is talcum powder cancerous? | Does talcum powder really cause cancer?",
      "How do I reset my password? | How can I reset my password?",
      "Which football team has the biggest fan base? | Which football club has the biggest fanbase?",
      "How can I improve my English writing skills? | What is the best way to get better at writing in English?"})
  void shouldLetARewordingThrough(String stored, String asked) {
    assertThat(WordContrast.between(asked, stored)).isNull();
  }

  @Test
  void shouldRefuseASecondStageAboveTheThresholdNamingTheKey() {
    Assertions.assertThatThrownBy(() -> RouterConfig.from(Settings.of(Map.of("router.cache.similarity", "0.9",
            "router.cache.second.stage", "0.92"))))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("router.cache.second.stage").hasMessageContaining("0.9");
  }

  @Test
  void shouldStartTheSecondStageAtTheDefaultOrAtALowerThreshold() {
    assertThat(RouterConfig.from(Settings.of(Map.of())).cache().secondStage()).isEqualTo(0.85);
    assertThat(RouterConfig.from(Settings.of(Map.of("router.cache.similarity", "0.75"))).cache().secondStage())
        .as("never above the threshold").isEqualTo(0.75);
  }
}
