package dev.atmosphere.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atmosphere.schemas.RouteDecision;
import dev.atmosphere.schemas.WorkResult;
import java.util.ArrayList;
import java.util.List;

/** The chat completions stream: {@code data: {chunk}} per piece, a last chunk with its finish reason, {@code [DONE]}. */
final class ChatFrames implements StreamFrames {

  private static final String DONE = "data: [DONE]\n\n";

  private final String id;
  private final long created;
  private final boolean includeUsage;
  private boolean roleSent; // the role goes with the first piece only

  ChatFrames(String id, long created, boolean includeUsage) {
    this.id = id;
    this.created = created;
    this.includeUsage = includeUsage;
  }

  @Override
  public List<String> text(String delta, String model) {
    return List.of(data(chunk(id, model, created, delta, firstPiece(), null, null)));
  }

  @Override
  public List<String> completed(WorkResult result, RouteDecision route, String model, JsonNode calls) {
    List<String> frames = new ArrayList<>();
    if (calls != null) {
      frames.add(data(OpenAiResponses.toolCallChunk(id, model, created, calls)));
    }
    roleSent |= calls != null; // the tool call chunk names the role
    String finish = calls != null ? "tool_calls" : "stop";
    frames.add(data(chunk(id, model, created, null, firstPiece(), finish,
        OpenAiResponses.extension(route, result))));
    if (includeUsage) {
      frames.add(data(OpenAiResponses.usageChunk(id, model, created, result)));
    }
    frames.add(DONE);
    return frames;
  }

  @Override
  public List<String> cut(String note, String why, WorkResult result, RouteDecision route, String model) {
    return List.of(data(chunk(id, model, created, note, firstPiece(), why,
        result == null ? null : OpenAiResponses.extension(route, result))), DONE);
  }

  /** A chat completion chunk; {@code withRole}: the first piece of a stream says whose it is, as OpenAI's does. */
  static ObjectNode chunk(String id, String model, long created, String delta, boolean withRole,
      String finishReason, JsonNode extension) {
    ObjectNode out = OpenAiResponses.head("chatcmpl-" + id, "chat.completion.chunk", created, model);
    ObjectNode choice = out.putArray("choices").addObject();
    choice.put("index", 0);
    ObjectNode d = choice.putObject("delta");
    if (withRole) {
      d.put("role", "assistant");
    }
    if (delta != null) {
      d.put("content", delta);
    }
    if (finishReason != null) {
      choice.put("finish_reason", finishReason);
    }
    if (extension != null) {
      out.set("atmosphere", extension);
    }
    return out;
  }

  private boolean firstPiece() {
    boolean first = !roleSent;
    roleSent = true;
    return first;
  }

  private static String data(JsonNode event) {
    return "data: " + event + "\n\n";
  }
}
