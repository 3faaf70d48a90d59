package dev.atmosphere.scaler.actuator;

import dev.atmosphere.schemas.ScaleCommand;

/** Something that changes capacity: applies a command and says what it did (or why it could not). */
public interface Actuator {

  /** What happened, in words, for the log and the operator. */
  record Outcome(boolean applied, String detail) {}

  Outcome apply(ScaleCommand command);
}
