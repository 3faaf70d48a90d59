package dev.atmosphere.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atmosphere.schemas.FederatedAggregation;
import dev.atmosphere.schemas.FederatedQuery;
import dev.atmosphere.schemas.FederatedResult;
import dev.atmosphere.schemas.FederatedSpec;
import dev.atmosphere.schemas.FederatedStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A federated query through the OpenAI API: a chat request whose {@code atmosphere.federated} object
 * ({@code epsilon}, {@code aggregate}, optional {@code nodes}, {@code lower}/{@code upper}, {@code categories}) asks
 * its last user message of several nodes' private data; answered as a chat completion whose text states the
 * differentially private aggregate and whose {@code atmosphere.federated} object carries the figures.
 */
final class FederatedRequests {

  private FederatedRequests() {}

  static FederatedQuery parse(JsonNode body, String id, String origin, Instant now, Duration timeout) {
    JsonNode f = body.path("atmosphere").path("federated");
    if (!f.isObject()) {
      throw GatewayError.badRequest("atmosphere.federated", "'federated' must be an object");
    }
    if (!f.path("epsilon").isNumber() || f.path("epsilon").asDouble() <= 0) {
      throw GatewayError.badRequest("atmosphere.federated.epsilon", "'epsilon' must be a positive number");
    }
    FederatedAggregation aggregation;
    try {
      aggregation = FederatedAggregation.valueOf(f.path("aggregate").asText("count").toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw GatewayError.badRequest("atmosphere.federated.aggregate", "must be count, sum, mean, histogram or vote");
    }
    String question = null;
    for (JsonNode m : body.path("messages")) {
      if ("user".equals(m.path("role").asText()) && m.path("content").isTextual()) {
        question = m.path("content").asText();
      }
    }
    if (question == null || question.isBlank()) {
      throw GatewayError.badRequest("messages", "a federated query needs a user message with the question as text");
    }
    return FederatedQuery.newBuilder().setQueryId(id).setQuestion(question).setNodes(strings(f.path("nodes")))
        .setSpec(FederatedSpec.newBuilder().setAggregation(aggregation).setEpsilon(f.path("epsilon").asDouble())
            .setLower(f.path("lower").asLong(0)).setUpper(f.path("upper").asLong(0))
            .setCategories(strings(f.path("categories"))).build())
        .setOriginNodeId(origin).setCreatedAt(now).setDeadlineAt(now.plus(timeout)).build();
  }

  static ObjectNode completion(FederatedResult r, Instant now) {
    if (r.getStatus() == FederatedStatus.REFUSED || r.getStatus() == FederatedStatus.FAILED) {
      throw new GatewayError(r.getStatus() == FederatedStatus.REFUSED ? 403 : 502, "invalid_request_error",
          "atmosphere.federated", r.getStatus().name().toLowerCase(Locale.ROOT), r.getError());
    }
    StringBuilder text = new StringBuilder(r.getAggregation().name().toLowerCase(Locale.ROOT) + " over "
        + r.getAnswered().size() + " node(s), differentially private:");
    for (int i = 0; i < r.getValues().size(); i++) {
      text.append(String.format(Locale.ROOT, " %.2f ± %.2f", r.getValues().get(i), r.getHalfWidth95().get(i)));
    }
    if (r.getWinner() != null) {
      text.append("; most frequent: ").append(r.getWinner());
    }
    ObjectNode out = OpenAiRequests.JSON.createObjectNode().put("id", "fedcmpl-" + r.getQueryId())
        .put("object", "chat.completion").put("created", now.getEpochSecond()).put("model", "federated");
    ObjectNode choice = out.putArray("choices").addObject().put("index", 0);
    choice.putObject("message").put("role", "assistant").put("content", text.toString());
    choice.put("finish_reason", "stop");
    out.putObject("usage").put("prompt_tokens", 0).put("completion_tokens", 0).put("total_tokens", 0);
    ObjectNode fed = out.putObject("atmosphere").putObject("federated").put("query_id", r.getQueryId())
        .put("status", r.getStatus().name()).put("epsilon_spent", r.getEpsilonSpent());
    var values = fed.putArray("values");
    r.getValues().forEach(values::add);
    var half = fed.putArray("half_width_95");
    r.getHalfWidth95().forEach(half::add);
    var answered = fed.putArray("answered");
    r.getAnswered().forEach(answered::add);
    var left = fed.putObject("budget_left");
    r.getBudgetLeft().forEach(left::put);
    return out;
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }
}
