package dev.atmosphere.client;

import dev.atmosphere.schemas.ResultChunk;
import java.util.Optional;

/**
 * Keeps one streamed answer coherent across failover. Chunks carry their work unit ({@code <intent>-w<attempt>-<nonce>}):
 * late chunks of a superseded attempt are dropped, and when a later attempt starts over, its text is held back until
 * it has re-produced everything the client already has — only what goes beyond is streamed. Two attempts' texts are
 * never interleaved; if the new attempt says something else, nothing more is streamed and the end says so. A later
 * attempt that continues the answer (the executor re-sends what was streamed, then the rest) extends it at once.
 * Used by the gateway's SSE streams and by {@link MeshClient} for every other client.
 */
public final class AttemptStitcher {

  private final StringBuilder sent = new StringBuilder();
  private final StringBuilder current = new StringBuilder();
  private int attempt = -1;
  private boolean diverged;

  /** The text to stream for this chunk (possibly empty). */
  public String accept(ResultChunk chunk) {
    int a = attemptOf(chunk.getWorkId());
    if (a < attempt) {
      return ""; // a late piece of an attempt the router already gave up on
    }
    if (a > attempt) {
      attempt = a;
      current.setLength(0);
    }
    current.append(chunk.getDelta());
    return extend(current.toString());
  }

  /**
   * What remains to stream of the final output, or empty when what was streamed is not a prefix of it (a later
   * attempt answered differently after the client had part of the first answer).
   */
  public Optional<String> finish(String output) {
    String text = output == null ? "" : output;
    if (!text.startsWith(sent.toString())) {
      return Optional.empty();
    }
    return Optional.of(text.substring(sent.length()));
  }

  public String streamed() {
    return sent.toString();
  }

  private String extend(String text) {
    if (diverged) {
      return "";
    }
    if (text.length() <= sent.length()) {
      if (!sent.toString().startsWith(text)) {
        diverged = true;
      }
      return "";
    }
    if (!text.startsWith(sent.toString())) {
      diverged = true;
      return "";
    }
    String more = text.substring(sent.length());
    sent.append(more);
    return more;
  }

  public static int attemptOf(String workId) {
    int w = workId == null ? -1 : workId.lastIndexOf("-w");
    if (w < 0) {
      return 1;
    }
    int end = workId.indexOf('-', w + 2);
    try {
      return Integer.parseInt(workId.substring(w + 2, end < 0 ? workId.length() : end));
    } catch (NumberFormatException e) {
      return 1;
    }
  }
}
