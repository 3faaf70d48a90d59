package dev.atmosphere.backends.ollama;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What an Ollama model is for, when its name says so. Every completion model used to be announced as a
 * general-purpose chat model, so {@code qwen2.5-coder}, {@code sqlcoder} or {@code meditron} competed with
 * {@code llama3.2} on equal terms and lost coding questions to it. Model families name their specialty by
 * convention (coder, sql, math, med…); the matching sentence is what the router embeds instead of "general-purpose".
 */
final class OllamaSpecialty {

  private record Rule(Pattern name, String sentence) {}

  // order matters: sqlcoder is SQL before it is code
  private static final List<Rule> RULES = List.of(
      new Rule(Pattern.compile("sql"), "Text-to-SQL model: turns questions into SQL queries over database tables, "
          + "joins and aggregations"),
      new Rule(Pattern.compile("cod(e|er|ing)|starcoder|codestral|devstral|wizardcoder"), "Programming model: "
          + "writes, explains, reviews, refactors and debugs source code in Python, Java, JavaScript, Go and more"),
      new Rule(Pattern.compile("math"), "Mathematics model: solves math problems step by step, algebra, calculus, "
          + "proofs and statistics"),
      new Rule(Pattern.compile("medi(tron|cal)|medllama|medgemma|biomistral|clinic"), "Medical model: clinical "
          + "questions, symptoms, diagnoses, drugs and dosing"),
      new Rule(Pattern.compile("translat|madlad|seamless"), "Translation model: translates text between "
          + "languages"));

  private OllamaSpecialty() {}

  /** The specialty sentence for a model name such as {@code qwen2.5-coder:7b}, or empty for a general model. */
  static Optional<String> of(String modelName) {
    String name = modelName.toLowerCase(Locale.ROOT);
    int tag = name.indexOf(':');
    String base = tag < 0 ? name : name.substring(0, tag); // "llama3:8b-instruct-code"? the tag is not the model
    return RULES.stream().filter(r -> r.name().matcher(base).find()).map(Rule::sentence).findFirst();
  }
}
