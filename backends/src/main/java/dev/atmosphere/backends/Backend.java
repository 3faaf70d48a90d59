package dev.atmosphere.backends;

import dev.atmosphere.schemas.WorkUnit;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * One way of executing work on this node (LlamaFarm, Ollama, built-in). Throws
 * {@link dev.atmosphere.common.http.HttpFailure} with a classified reason when the call fails.
 */
public interface Backend {

  Outcome execute(WorkUnit unit, Duration timeout);

  /**
   * Executes while handing each generated piece of text to {@code onDelta} as soon as the backend produced it;
   * returns the whole outcome at the end. Backends that cannot stream deliver their answer as one piece.
   */
  default Outcome stream(WorkUnit unit, Duration timeout, Consumer<String> onDelta) {
    Outcome outcome = execute(unit, timeout);
    onDelta.accept(outcome.output());
    return outcome;
  }
}
