package dev.atmosphere.client;

import dev.atmosphere.schemas.ResultChunk;
import dev.atmosphere.schemas.RouteDecision;
import dev.atmosphere.schemas.WorkResult;

/** Receives what the mesh says about one intent, on the tap's consumer thread (so: hand off, never block). */
public interface ReplyListener {

  default void onRoute(RouteDecision route) {}

  default void onChunk(ResultChunk chunk) {}

  void onResult(WorkResult result);
}
