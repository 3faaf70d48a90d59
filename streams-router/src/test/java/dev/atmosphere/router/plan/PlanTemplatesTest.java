package dev.atmosphere.router.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atmosphere.schemas.IntentKind;
import dev.atmosphere.schemas.Plan;
import dev.atmosphere.schemas.PlanUnit;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Templates make valid plans, and chunks respect their size at natural boundaries without losing text. */
class PlanTemplatesTest {

  private final PlanValidator validator = new PlanValidator(100);

  @Test
  void shouldCutAtParagraphsAndKeepEveryWordWhenTheTextIsLong() {
    String text = ("First paragraph sentence one. Sentence two goes on a while. ".repeat(5) + "\n\n").repeat(6);
    List<String> chunks = PlanTemplates.chunk(text, 700);

    assertThat(chunks).hasSizeGreaterThan(1).allSatisfy(c -> assertThat(c.length()).isLessThanOrEqualTo(700));
    assertThat(String.join(" ", chunks).replaceAll("\\s+", " ")).isEqualTo(text.strip().replaceAll("\\s+", " "));
  }

  @Test
  void shouldMakeOneUnitForAShortDocumentAndMapReduceForALongOne() {
    Plan small = PlanTemplates.summarize("s", "a.txt", "short text", null, 1000, Instant.EPOCH);
    Plan large = PlanTemplates.summarize("l", "b.txt", "word ".repeat(1000), "risks", 1000, Instant.EPOCH);

    assertThat(small.getUnits()).singleElement().satisfies(u -> assertThat(u.getUnitId()).isEqualTo("summary"));
    assertThat(large.getUnits()).hasSize(6);
    PlanUnit reduce = large.getUnits().get(5);
    assertThat(reduce.getDependsOn()).containsExactly("part-1", "part-2", "part-3", "part-4", "part-5");
    assertThat(reduce.getText()).contains("{{part-5}}").contains("Focus on: risks.");
    assertThat(validator.problems(small)).isEmpty();
    assertThat(validator.problems(large)).isEmpty();
  }

  @Test
  void shouldRetrieveWithRagThenAnswerFromThePassages() {
    Plan plan = PlanTemplates.retrieveThenAnswer("r", "what is our refund policy?", Instant.EPOCH);

    assertThat(plan.getUnits()).extracting(PlanUnit::getKind).containsExactly(IntentKind.RAG, IntentKind.CHAT);
    assertThat(validator.problems(plan)).isEmpty();
  }

  @Test
  void shouldNameTheUnitWhenAPlaceholderIsNotADependency() {
    Plan plan = PlanTemplates.plan("p", "x", List.of(PlanTemplates.unit("a", "use {{b}}", List.of()),
        PlanTemplates.unit("b", "b", List.of())), Instant.EPOCH);

    assertThat(validator.problems(plan)).containsExactly("unit 'a' uses {{b}} but does not depend on it");
  }
}
