package dev.atmosphere.gateway;

import com.fasterxml.jackson.databind.JsonNode;
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
 * Streams one chat completion as server-sent events the way OpenAI does: {@code data: {chunk}} per piece as the
 * executor's chunks arrive, a last chunk with {@code finish_reason}, then {@code data: [DONE]}. Until the first
 * piece is written the response is still open, so a request that fails early gets a proper status and error.
 */
final class SseStream {

  private final Context ctx;
  private final OpenAiRequests.Parsed request;
  private final PendingReply reply;
  private final AttemptStitcher stitcher = new AttemptStitcher();
  private final long created = Instant.now().getEpochSecond();
  private OutputStream out;

  SseStream(Context ctx, OpenAiRequests.Parsed request, PendingReply reply) {
    this.ctx = ctx;
    this.request = request;
    this.reply = reply;
  }

  void run() throws InterruptedException {
    long deadline = System.nanoTime() + request.timeout().toNanos();
    String id = request.intent().getIntentId();
    try {
      while (true) {
        Object event = reply.next(Duration.ofNanos(deadline - System.nanoTime()));
        if (event == null) {
          if (out == null) {
            throw Gateway.timeout(request.timeout());
          }
          write(OpenAiResponses.chunk(id, request.requestedModel(), created, null, "length", null));
          done();
          return;
        }
        if (event instanceof ResultChunk chunk) {
          String delta = stitcher.accept(chunk);
          if (!delta.isEmpty()) {
            write(OpenAiResponses.chunk(id, model(chunk.getCapabilityId()), created, delta, null, null));
          }
        } else if (event instanceof WorkResult result) {
          finish(id, result);
          return;
        }
      }
    } catch (IOException e) {
      // the client went away: stop waiting; the tap forgets the intent in the caller's finally
    }
  }

  private void finish(String id, WorkResult result) throws IOException {
    if (!OpenAiResponses.succeeded(result)) {
      if (out == null) {
        throw OpenAiResponses.errorOf(result);
      }
      write(OpenAiResponses.chunk(id, model(result.getCapabilityId()), created, null, "error",
          OpenAiResponses.extension(reply.route(), result)));
      done();
      return;
    }
    java.util.Optional<String> rest = stitcher.finish(result.getOutput());
    if (rest.isEmpty()) { // failover restarted the answer and it differs from what the client already has
      write(OpenAiResponses.chunk(id, model(result.getCapabilityId()), created,
          "\n[atmosphere: the node answering failed mid-stream and another node answered differently; retry the"
              + " request for a whole answer]", "error", OpenAiResponses.extension(reply.route(), result)));
      done();
      return;
    }
    if (!rest.get().isEmpty()) { // chunks still in flight when the result was read (or a backend that could not stream)
      write(OpenAiResponses.chunk(id, model(result.getCapabilityId()), created, rest.get(), null, null));
    }
    JsonNode calls = OpenAiResponses.toolCalls(result);
    if (calls != null) {
      write(OpenAiResponses.toolCallChunk(id, model(result.getCapabilityId()), created, calls));
    }
    write(OpenAiResponses.chunk(id, model(result.getCapabilityId()), created, null,
        calls != null ? "tool_calls" : "stop", OpenAiResponses.extension(reply.route(), result)));
    if (request.includeUsage()) {
      write(OpenAiResponses.usageChunk(id, model(result.getCapabilityId()), created, result));
    }
    done();
  }

  private String model(String capabilityId) {
    return request.requestedModel().equals("auto") && capabilityId != null ? capabilityId : request.requestedModel();
  }

  private void write(JsonNode event) throws IOException {
    if (out == null) {
      ctx.status(200);
      ctx.res().setContentType("text/event-stream");
      ctx.res().setHeader("Cache-Control", "no-cache");
      out = ctx.res().getOutputStream();
    }
    out.write(("data: " + event + "\n\n").getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  private void done() throws IOException {
    out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
    out.flush();
  }
}
