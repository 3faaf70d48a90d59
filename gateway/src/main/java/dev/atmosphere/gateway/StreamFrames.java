package dev.atmosphere.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atmosphere.schemas.RouteDecision;
import dev.atmosphere.schemas.WorkResult;
import java.util.List;

/**
 * How one streamed answer is framed as server-sent events — {@code chat.completion.chunk}s ({@link ChatFrames}) or the
 * Responses API's typed events ({@link ResponsesFrames}) — while {@link SseStream} decides what happens when.
 * Each method returns whole frames, written in order.
 */
interface StreamFrames {

  /** A piece of the answer's text. */
  List<String> text(String delta, String model);

  /** The answer is whole: its tool calls, then its end. */
  List<String> completed(WorkResult result, RouteDecision route, String model, JsonNode calls);

  /**
   * The answer ends unfinished: {@code note} (or null) as its last text, and why — {@code length} when time ran out
   * ({@code result} null), {@code error} when the node failed or a later attempt said something else.
   */
  List<String> cut(String note, String why, WorkResult result, RouteDecision route, String model);
}
