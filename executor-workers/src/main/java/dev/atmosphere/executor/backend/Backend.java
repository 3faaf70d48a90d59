package dev.atmosphere.executor.backend;

import dev.atmosphere.schemas.WorkUnit;
import java.time.Duration;

/**
 * One way of executing work on this node (LlamaFarm, Ollama, built-in). Throws
 * {@link dev.atmosphere.common.http.HttpFailure} with a classified reason when the call fails.
 */
public interface Backend {

  Outcome execute(WorkUnit unit, Duration timeout);
}
