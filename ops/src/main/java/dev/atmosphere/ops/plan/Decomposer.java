package dev.atmosphere.ops.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.atmosphere.router.plan.PlanTemplates;
import dev.atmosphere.router.plan.PlanValidator;
import dev.atmosphere.schemas.IntentKind;
import dev.atmosphere.schemas.Plan;
import dev.atmosphere.schemas.PlanUnit;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * Turns a request into a plan (the design's multi-step decomposition). An LLM of the mesh is asked for a JSON plan;
 * its answer is parsed and validated, and used only if valid. Otherwise — no LLM answered, the JSON is broken, or
 * the plan is invalid — the request runs as a single unit, and the reason is kept so the caller can show it.
 */
public final class Decomposer {

  /** The plan and how it was made: {@code llm} or {@code single-unit}, with why the LLM plan was not used. */
  public record Decomposition(Plan plan, String source, List<String> problems) {}

  static final String PROMPT = """
      You are a planner. Break the request below into at most %d steps that other assistants will run.
      Steps without dependencies run in parallel. Reply with JSON only, no prose, in exactly this shape:
      {"units": [{"id": "short-id", "kind": "chat", "text": "what this step must do", "depends_on": []}]}
      kind is "chat" (write or reason), "rag" (look something up in a document collection) or "embed".
      To use the output of an earlier step in a text, depend on it and write {{its-id}} where it belongs.

      Request: %s""";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Function<String, Optional<String>> llm;
  private final PlanValidator validator;
  private final int maxUnits;

  /** @param llm asks the mesh one chat question; empty when nothing answered */
  public Decomposer(Function<String, Optional<String>> llm, int maxUnits) {
    this.llm = llm;
    this.maxUnits = maxUnits;
    this.validator = new PlanValidator(maxUnits);
  }

  public Decomposition decompose(String planId, String request, Instant now) {
    Optional<String> answer = llm.apply(String.format(Locale.ROOT, PROMPT, maxUnits, request));
    if (answer.isEmpty()) {
      return single(planId, request, now, List.of("no LLM of the mesh answered the planning request"));
    }
    List<String> problems = new ArrayList<>();
    Plan plan = parse(planId, request, answer.get(), now, problems);
    if (plan != null) {
      problems.addAll(validator.problems(plan));
    }
    return problems.isEmpty() ? new Decomposition(plan, "llm", List.of()) : single(planId, request, now, problems);
  }

  private static Decomposition single(String planId, String request, Instant now, List<String> problems) {
    Plan plan = PlanTemplates.plan(planId, request, List.of(PlanUnit.newBuilder()
        .setUnitId("answer").setKind(IntentKind.CHAT).setText(request).build()), now);
    return new Decomposition(plan, "single-unit", problems);
  }

  /** The plan in an LLM's answer (the first JSON object in it), or null with the reason added to {@code problems}. */
  static Plan parse(String planId, String request, String answer, Instant now, List<String> problems) {
    int start = answer.indexOf('{');
    int end = answer.lastIndexOf('}');
    if (start < 0 || end < start) {
      problems.add("the planner's answer holds no JSON object");
      return null;
    }
    JsonNode root;
    try {
      root = JSON.readTree(answer.substring(start, end + 1));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      problems.add("the planner's JSON does not parse: " + e.getOriginalMessage());
      return null;
    }
    JsonNode units = root.path("units");
    if (!units.isArray() || units.isEmpty()) {
      problems.add("the planner's JSON has no 'units' array");
      return null;
    }
    List<PlanUnit> out = new ArrayList<>();
    for (JsonNode u : units) {
      List<String> deps = new ArrayList<>();
      u.path("depends_on").forEach(d -> deps.add(d.asText()));
      out.add(PlanUnit.newBuilder().setUnitId(u.path("id").asText("")).setKind(kind(u.path("kind").asText("chat")))
          .setText(u.path("text").asText("")).setDependsOn(deps).build());
    }
    return PlanTemplates.plan(planId, request, out, now);
  }

  private static IntentKind kind(String s) {
    return switch (s.toLowerCase(Locale.ROOT)) {
      case "chat", "llm" -> IntentKind.CHAT;
      case "rag" -> IntentKind.RAG;
      case "embed", "embeddings" -> IntentKind.EMBED;
      default -> IntentKind.UNKNOWN; // the validator names the unit
    };
  }
}
