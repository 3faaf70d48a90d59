package dev.atmosphere.backends;

/**
 * What a backend answered: the text (or JSON vectors), its raw response, token usage when reported, and the tools
 * the model asked to call (OpenAI tool_calls JSON, or null).
 */
public record Outcome(String output, String rawJson, Integer promptTokens, Integer completionTokens,
    String toolCallsJson) {

  public Outcome(String output, String rawJson, Integer promptTokens, Integer completionTokens) {
    this(output, rawJson, promptTokens, completionTokens, null);
  }
}
