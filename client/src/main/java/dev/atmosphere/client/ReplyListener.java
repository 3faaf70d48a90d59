package dev.atmosphere.client;

import dev.atmosphere.schemas.ResultChunk;
import dev.atmosphere.schemas.RouteDecision;
import dev.atmosphere.schemas.WorkResult;

/** Receives what the mesh says about one intent, on the tap's consumer thread (so: hand off, never block). */
public interface ReplyListener {

  default void onRoute(RouteDecision route) {}

  default void onChunk(ResultChunk chunk) {}

  /**
   * A successful attempt signed by the node it names, read before the router's terminal result (which still follows
   * through {@link #onResult}); a listener may answer from it when it is the attempt in flight.
   */
  default void onAttempt(WorkResult attempt) {}

  void onResult(WorkResult result);
}
