package dev.atmosphere.gateway;

import dev.atmosphere.client.ReplyListener;
import dev.atmosphere.schemas.Intent;
import dev.atmosphere.schemas.ResultChunk;
import dev.atmosphere.schemas.RouteDecision;
import dev.atmosphere.schemas.RouteFeedback;
import dev.atmosphere.schemas.WorkResult;
import dev.atmosphere.schemas.WorkStatus;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * People's word on an earlier answer, sent with their next request: {@code X-Atmosphere-Feedback: <response id> good}
 * or {@code <response id> wrong [should_be=<capability id>]}. The gateway remembers what its last answers were asked
 * and where they ran, so an OpenAI client needs nothing but the response id it already has; the feedback goes to the
 * mesh's feedback topic like {@code ./atmosphere feedback}, and every router learns from it.
 */
final class FeedbackHeader {

  static final String NAME = "X-Atmosphere-Feedback";
  private static final int REMEMBERED = 1000;
  private static final Pattern FORMAT =
      Pattern.compile("\\s*(?:chatcmpl-|cmpl-)?([A-Za-z0-9._:-]{1,200})\\s+(good|wrong)(?:\\s+should_be=(\\S{1,300}))?\\s*");

  private final Map<String, RouteFeedback> answered = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, RouteFeedback> eldest) {
      return size() > REMEMBERED;
    }
  };

  /** {@code listener}, remembering the intent's text and capability when it is answered. */
  ReplyListener remembering(Intent intent, ReplyListener listener) {
    return new ReplyListener() {
      @Override
      public void onRoute(RouteDecision route) {
        listener.onRoute(route);
      }

      @Override
      public void onChunk(ResultChunk chunk) {
        listener.onChunk(chunk);
      }

      @Override
      public void onAttempt(WorkResult attempt) { // the answer may go out from it: remembered now, not later
        remember(intent, attempt);
        listener.onAttempt(attempt);
      }

      @Override
      public void onResult(WorkResult result) {
        remember(intent, result);
        listener.onResult(result);
      }
    };
  }

  private void remember(Intent intent, WorkResult result) {
    if (result.getStatus() == WorkStatus.SUCCEEDED && result.getCapabilityId() != null && !intent.getText().isBlank()) {
      synchronized (answered) {
        answered.put(intent.getIntentId(), RouteFeedback.newBuilder().setIntentId(intent.getIntentId())
            .setText(intent.getText()).setCapabilityId(result.getCapabilityId()).setGood(true)
            .setGivenAt(Instant.EPOCH).build());
      }
    }
  }

  /** The feedback a request carries; empty without the header; a 400 naming the header when it cannot be used. */
  Optional<RouteFeedback> parse(String header, Instant now) {
    if (header == null || header.isBlank()) {
      return Optional.empty();
    }
    Matcher m = FORMAT.matcher(header);
    if (!m.matches()) {
      throw GatewayError.badRequest(NAME, NAME + " must be '<response id> good' or '<response id> wrong "
          + "[should_be=<capability id>]'");
    }
    RouteFeedback answer;
    synchronized (answered) {
      answer = answered.get(m.group(1));
    }
    if (answer == null) {
      throw GatewayError.badRequest(NAME, NAME + " names a response this node did not give (it remembers its last "
          + REMEMBERED + " answers)");
    }
    boolean good = m.group(2).equals("good");
    return Optional.of(RouteFeedback.newBuilder(answer).setGood(good).setShouldBe(good ? null : m.group(3))
        .setGivenAt(now).build());
  }
}
