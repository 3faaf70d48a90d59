package dev.atmosphere.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atmosphere.schemas.CapabilityAnnouncement;
import dev.atmosphere.schemas.Intent;
import dev.atmosphere.schemas.IntentConstraints;
import dev.atmosphere.schemas.IntentKind;
import dev.atmosphere.schemas.WorkResult;
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
      texts.add(nonBlank(input, "input"));
    } else if (input.isArray() && !input.isEmpty()) {
      for (int i = 0; i < input.size(); i++) {
        if (!input.get(i).isTextual()) {
          throw GatewayError.badRequest("input[" + i + "]", "'input' items must be strings (token arrays are not"
              + " supported; LangChain's Python OpenAIEmbeddings sends them unless check_embedding_ctx_length=False)");
        }
        texts.add(nonBlank(input.get(i), "input[" + i + "]"));
      }
    } else {
      throw GatewayError.badRequest("input", "'input' must be a string or a non-empty array of strings");
    }
    if (texts.size() > OpenAiRequests.MAX_EMBEDDING_INPUTS) {
      throw GatewayError.badRequest("input", "'input' holds " + texts.size() + " items; at most "
          + OpenAiRequests.MAX_EMBEDDING_INPUTS + " per request");
    }
    String format = body.path("encoding_format").asText("float");
    if (!format.equals("float") && !format.equals("base64")) { // "float16" was answered in float unawares
      throw GatewayError.badRequest("encoding_format", "'encoding_format' must be \"float\" or \"base64\"");
    }
    JsonNode dimensions = body.path("dimensions");
    if (!dimensions.isMissingNode() && !dimensions.isNull() && !(dimensions.isIntegralNumber() && dimensions.asInt() > 0)) {
      throw GatewayError.badRequest("dimensions", "'dimensions' must be a positive integer");
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

  /** An empty text has no meaning to embed (the router refused it, and the client was told it was rate limited). */
  private static String nonBlank(JsonNode text, String field) {
    if (text.asText().isBlank()) {
      throw GatewayError.badRequest(field, "'" + field + "' is empty: every input needs some text");
    }
    return text.asText();
  }

  /**
   * {@code dimensions} is honoured only as the size the model answers with: OpenAI's text-embedding-3 models can
   * shorten their vectors, the mesh's (MiniLM, Ollama, LlamaFarm) cannot, and cutting one short would quietly give a
   * client vectors that no longer mean what they did — so 64 asked of a 384-dimension model is a 400, not 384 or a cut.
   */
  static void checkDimensions(JsonNode body, List<WorkResult> results) {
    JsonNode asked = body.path("dimensions");
    if (asked.isMissingNode() || asked.isNull() || results.isEmpty()) {
      return;
    }
    List<float[]> vectors = OpenAiResponses.vectors(results.get(0).getOutput());
    if (!vectors.isEmpty() && vectors.get(0).length != asked.asInt()) {
      throw GatewayError.badRequest("dimensions", "'dimensions' is " + asked.asInt() + " but "
          + results.get(0).getCapabilityId() + " answers with " + vectors.get(0).length
          + ": the mesh's models cannot shorten their vectors; leave 'dimensions' out");
    }
  }
}
