package dev.atmosphere.ops.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atmosphere.schemas.IntentKind;
import dev.atmosphere.schemas.PlanUnit;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** An LLM's plan is used only when it parses and validates; otherwise the request runs whole, with the reason. */
class DecomposerTest {

  private static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");

  @Test
  void shouldUseTheLlmPlanWhenItIsValidJsonInsideProse() {
    String answer = """
        Sure! Here is the plan:
        {"units": [
          {"id": "find", "kind": "rag", "text": "find the refund policy", "depends_on": []},
          {"id": "draft", "kind": "chat", "text": "draft a reply using {{find}}", "depends_on": ["find"]}]}
        """;
    String[] prompt = {null};
    Decomposer.Decomposition d = new Decomposer(p -> {
      prompt[0] = p;
      return Optional.of(answer);
    }, 8).decompose("p1", "answer the customer's refund question", NOW);

    assertThat(d.source()).isEqualTo("llm");
    assertThat(d.problems()).isEmpty();
    assertThat(d.plan().getUnits()).extracting(PlanUnit::getUnitId, PlanUnit::getKind).containsExactly(
        org.assertj.core.groups.Tuple.tuple("find", IntentKind.RAG),
        org.assertj.core.groups.Tuple.tuple("draft", IntentKind.CHAT));
    assertThat(prompt[0]).contains("at most 8 steps").endsWith("Request: answer the customer's refund question");
  }

  @Test
  void shouldRunTheRequestAsOneUnitAndSayWhyWhenThePlanHasACycle() {
    String cyclic = "{\"units\": [{\"id\": \"a\", \"kind\": \"chat\", \"text\": \"x\", \"depends_on\": [\"b\"]},"
        + "{\"id\": \"b\", \"kind\": \"chat\", \"text\": \"y\", \"depends_on\": [\"a\"]}]}";
    Decomposer.Decomposition d = new Decomposer(p -> Optional.of(cyclic), 8).decompose("p2", "do it", NOW);

    assertThat(d.source()).isEqualTo("single-unit");
    assertThat(d.problems()).anySatisfy(p -> assertThat(p).contains("cycle"));
    assertThat(d.plan().getUnits()).singleElement().satisfies(u -> assertThat(u.getText()).isEqualTo("do it"));
  }

  @Test
  void shouldFallBackWhenTheAnswerIsNotJsonOrNoLlmAnswered() {
    assertThat(new Decomposer(p -> Optional.of("I cannot help with that"), 8).decompose("p3", "x", NOW).problems())
        .containsExactly("the planner's answer holds no JSON object");
    assertThat(new Decomposer(p -> Optional.of("{\"units\": [ {\"id\": }"), 8).decompose("p4", "x", NOW).problems())
        .singleElement().satisfies(p -> assertThat(p).startsWith("the planner's JSON does not parse"));
    assertThat(new Decomposer(p -> Optional.empty(), 8).decompose("p5", "x", NOW).source()).isEqualTo("single-unit");
  }

  @Test
  void shouldNameTheUnitWhoseKindIsUnknown() {
    String answer = "{\"units\": [{\"id\": \"paint\", \"kind\": \"image\", \"text\": \"draw a cat\"}]}";
    assertThat(new Decomposer(p -> Optional.of(answer), 8).decompose("p6", "x", NOW).problems())
        .containsExactly("unit 'paint' has kind UNKNOWN; use CHAT, EMBED, RAG or VISION");
  }
}
