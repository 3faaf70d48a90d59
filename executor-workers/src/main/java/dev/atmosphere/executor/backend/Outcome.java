package dev.atmosphere.executor.backend;

/** What a backend answered: the text (or JSON vectors), its raw response, and token usage when reported. */
public record Outcome(String output, String rawJson, Integer promptTokens, Integer completionTokens) {}
