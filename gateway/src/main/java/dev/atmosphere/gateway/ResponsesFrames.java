package dev.atmosphere.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atmosphere.schemas.RouteDecision;
import dev.atmosphere.schemas.WorkResult;
import java.util.ArrayList;
import java.util.List;

/**
 * The Responses API stream: {@code event: <type>} frames with numbered events — {@code response.created} and
 * {@code in_progress}, the message item and its text part opened, one {@code response.output_text.delta} per piece,
 * the part and item closed, a {@code function_call} item per tool call, then {@code response.completed} with the whole
 * response; an answer cut off ends with {@code response.failed} saying why.
 */
final class ResponsesFrames implements StreamFrames {

  private final String responseId;
  private final String messageId;
  private final long created;
  private final StringBuilder text = new StringBuilder();
  private int sequence;
  private boolean opened;
  private boolean messageOpen;

  ResponsesFrames(String intentId, long created) {
    this.responseId = "resp_" + intentId;
    this.messageId = "msg_" + intentId;
    this.created = created;
  }

  @Override
  public List<String> text(String delta, String model) {
    List<String> frames = new ArrayList<>();
    openMessage(frames, model);
    text.append(delta);
    frames.add(event("response.output_text.delta", part(event()).put("delta", delta), "logprobs"));
    return frames;
  }

  @Override
  public List<String> completed(WorkResult result, RouteDecision route, String model, JsonNode calls) {
    List<String> frames = new ArrayList<>();
    ArrayNode output = OpenAiRequests.JSON.createArrayNode();
    if (messageOpen || calls == null) {
      openMessage(frames, model);
      closeMessage(frames, output);
    }
    for (JsonNode call : calls == null ? OpenAiRequests.JSON.createArrayNode() : calls) {
      ObjectNode item = ResponsesObjects.functionCall(call);
      int index = output.size();
      frames.add(event("response.output_item.added", event().put("output_index", index).set("item", item)));
      frames.add(event("response.function_call_arguments.done", event().put("item_id", item.path("id").asText())
          .put("output_index", index).put("name", item.path("name").asText())
          .put("arguments", item.path("arguments").asText())));
      frames.add(event("response.output_item.done", event().put("output_index", index).set("item", item)));
      output.add(item);
    }
    ObjectNode response = ResponsesObjects.response(responseId, created, model, "completed", output, result, null);
    response.set("atmosphere", OpenAiResponses.extension(route, result));
    frames.add(event("response.completed", event().set("response", response)));
    return frames;
  }

  @Override
  public List<String> cut(String note, String why, WorkResult result, RouteDecision route, String model) {
    List<String> frames = new ArrayList<>();
    if (note != null) {
      frames.addAll(text(note, model));
    }
    open(frames, model);
    String error = result != null && result.getError() != null ? result.getError()
        : why.equals("length") ? "the answer did not finish in time (atmosphere.timeout_ms)"
        : "the node answering failed mid-stream";
    ObjectNode response = ResponsesObjects.response(responseId, created, model, "failed", null, result, error);
    if (result != null) {
      response.set("atmosphere", OpenAiResponses.extension(route, result));
    }
    frames.add(event("response.failed", event().set("response", response)));
    return frames;
  }

  private void open(List<String> frames, String model) {
    if (!opened) {
      opened = true;
      ObjectNode response = ResponsesObjects.response(responseId, created, model, "in_progress", null, null, null);
      frames.add(event("response.created", event().set("response", response)));
      frames.add(event("response.in_progress", event().set("response", response)));
    }
  }

  private void openMessage(List<String> frames, String model) {
    open(frames, model);
    if (!messageOpen) {
      messageOpen = true;
      frames.add(event("response.output_item.added", event().put("output_index", 0)
          .set("item", ResponsesObjects.message(messageId, null, "in_progress"))));
      frames.add(event("response.content_part.added", part(event()).set("part", ResponsesObjects.text(""))));
    }
  }

  private void closeMessage(List<String> frames, ArrayNode output) {
    String whole = text.toString();
    frames.add(event("response.output_text.done", part(event()).put("text", whole), "logprobs"));
    frames.add(event("response.content_part.done", part(event()).set("part", ResponsesObjects.text(whole))));
    ObjectNode item = ResponsesObjects.message(messageId, whole, "completed");
    frames.add(event("response.output_item.done", event().put("output_index", 0).set("item", item)));
    output.add(item);
  }

  private ObjectNode part(ObjectNode event) {
    return event.put("item_id", messageId).put("output_index", 0).put("content_index", 0);
  }

  private ObjectNode event() {
    return OpenAiRequests.JSON.createObjectNode();
  }

  private String event(String type, JsonNode body, String... emptyArrays) {
    ObjectNode e = ((ObjectNode) body).put("type", type).put("sequence_number", sequence++);
    for (String name : emptyArrays) {
      e.putArray(name);
    }
    return "event: " + type + "\ndata: " + e + "\n\n";
  }
}
