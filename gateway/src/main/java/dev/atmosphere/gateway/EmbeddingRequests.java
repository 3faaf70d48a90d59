package dev.atmosphere.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atmosphere.schemas.CapabilityAnnouncement;
import dev.atmosphere.schemas.Intent;
import dev.atmosphere.schemas.IntentConstraints;
import dev.atmosphere.schemas.IntentKind;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** {@code /v1/embeddings} bodies as EMBED intents: strings only, at most 2,048 inputs, in units of 64 per intent. */
final class EmbeddingRequests {

  private EmbeddingRequests() {}

  /** EMBED intents of up to {@value OpenAiRequests#EMBED_BATCH} inputs each, in input order (one request, few units). */
  public static List<Intent> parse(JsonNode body, String constraintsHeader, List<CapabilityAnnouncement> table,
      String originNode, Duration timeout, Instant now, String idPrefix) {
    String model = OpenAiRequests.requiredText(body, "model");
    JsonNode input = body.path("input");
    List<String> texts = new ArrayList<>();
    if (input.isTextual()) {
      texts.add(input.asText());
    } else if (input.isArray() && !input.isEmpty()) {
      for (int i = 0; i < input.size(); i++) {
        if (!input.get(i).isTextual()) {
          throw GatewayError.badRequest("input[" + i + "]", "'input' items must be strings (token arrays are not supported)");
        }
        texts.add(input.get(i).asText());
      }
    } else {
      throw GatewayError.badRequest("input", "'input' must be a string or a non-empty array of strings");
    }
    if (texts.size() > OpenAiRequests.MAX_EMBEDDING_INPUTS) {
      throw GatewayError.badRequest("input", "'input' holds " + texts.size() + " items; at most "
          + OpenAiRequests.MAX_EMBEDDING_INPUTS + " per request");
    }
    IntentConstraints constraints = OpenAiRequests.constraints(body, constraintsHeader);
    List<Intent> out = new ArrayList<>();
    for (int start = 0; start < texts.size(); start += OpenAiRequests.EMBED_BATCH) {
      List<String> batch = new ArrayList<>(texts.subList(start, Math.min(texts.size(), start + OpenAiRequests.EMBED_BATCH)));
      Intent.Builder b = Intent.newBuilder().setIntentId(idPrefix + "-" + start / OpenAiRequests.EMBED_BATCH).setOriginNodeId(originNode)
          .setKind(IntentKind.EMBED).setText(batch.get(0)).setInputs(batch).setConstraints(constraints)
          .setCreatedAt(now).setDeadlineAt(now.plus(timeout));
      OpenAiRequests.pin(b, model, table);
      out.add(b.build());
    }
    return out;
  }
}
