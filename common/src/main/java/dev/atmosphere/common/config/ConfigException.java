package dev.atmosphere.common.config;

import java.util.List;

/** A configuration that cannot start a deployable; one line per problem, each naming key and source. */
public final class ConfigException extends RuntimeException {

  private final List<String> problems;

  public ConfigException(List<String> problems) {
    super(String.join(System.lineSeparator(), problems));
    this.problems = List.copyOf(problems);
  }

  public List<String> problems() {
    return problems;
  }
}
