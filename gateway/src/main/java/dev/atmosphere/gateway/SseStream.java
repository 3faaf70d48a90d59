package dev.atmosphere.gateway;

import dev.atmosphere.client.AttemptStitcher;
import dev.atmosphere.schemas.ResultChunk;
import dev.atmosphere.schemas.WorkResult;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

/**
 * Streams one answer as server-sent events the way OpenAI does, framed by {@link StreamFrames} (chat completion chunks
 * or Responses API events): each piece as the executor's chunks arrive — stitched across failover — then the end.
 * Until the first piece is written the response is still open, so a request that fails early gets a proper status
 * and error.
 */
final class SseStream {

  private final Context ctx;
  private final OpenAiRequests.Parsed request;
  private final PendingReply reply;
  private final StreamFrames frames;
  private final AttemptStitcher stitcher = new AttemptStitcher();
  private OutputStream out;

  SseStream(Context ctx, OpenAiRequests.Parsed request, PendingReply reply, boolean responsesApi) {
    this.ctx = ctx;
    this.request = request;
    this.reply = reply;
    long created = Instant.now().getEpochSecond();
    this.frames = responsesApi ? new ResponsesFrames(request.intent().getIntentId(), created)
        : new ChatFrames(request.intent().getIntentId(), created, request.includeUsage());
  }

  void run() throws InterruptedException {
    long deadline = System.nanoTime() + request.timeout().toNanos();
    try {
      while (true) {
        Object event = reply.next(Duration.ofNanos(deadline - System.nanoTime()));
        if (event == null) {
          if (out == null) {
            throw Gateway.timeout(request.timeout());
          }
          write(frames.cut(null, "length", null, reply.route(), request.requestedModel()));
          return;
        }
        if (event instanceof ResultChunk chunk) {
          String delta = stitcher.accept(chunk);
          if (!delta.isEmpty()) {
            write(frames.text(delta, model(chunk.getCapabilityId())));
          }
        } else if (event instanceof WorkResult result) {
          finish(result);
          return;
        }
      }
    } catch (IOException e) {
      // the client went away: stop waiting; the tap forgets the intent in the caller's finally
    }
  }

  private void finish(WorkResult result) throws IOException {
    String model = model(result.getCapabilityId());
    if (!OpenAiResponses.succeeded(result)) {
      if (out == null) {
        throw OpenAiResponses.errorOf(result);
      }
      write(frames.cut(null, "error", result, reply.route(), model));
      return;
    }
    java.util.Optional<String> rest = stitcher.finish(result.getOutput());
    if (rest.isEmpty()) { // failover restarted the answer and it differs from what the client already has
      write(frames.cut("\n[atmosphere: the node answering failed mid-stream and another node answered differently; "
          + "retry the request for a whole answer]", "error", result, reply.route(), model));
      return;
    }
    if (!rest.get().isEmpty()) { // chunks still in flight when the result was read (or a backend that could not stream)
      write(frames.text(rest.get(), model));
    }
    write(frames.completed(result, reply.route(), model, OpenAiResponses.toolCalls(result)));
  }

  private String model(String capabilityId) {
    return request.requestedModel().equals("auto") && capabilityId != null ? capabilityId : request.requestedModel();
  }

  private void write(java.util.List<String> events) throws IOException {
    if (out == null) {
      ctx.status(200);
      ctx.res().setContentType("text/event-stream");
      ctx.res().setHeader("Cache-Control", "no-cache");
      out = ctx.res().getOutputStream();
    }
    for (String event : events) {
      out.write(event.getBytes(StandardCharsets.UTF_8));
    }
    out.flush();
  }
}
