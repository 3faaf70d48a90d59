package dev.atmosphere.scaler;

import dev.atmosphere.schemas.CapabilityType;
import dev.atmosphere.schemas.ScaleAction;
import dev.atmosphere.schemas.ScaleRecommendation;
import dev.atmosphere.schemas.internal.LoadWindow;
import java.time.Instant;
import java.util.Locale;

/** Turns one closed load window into a recommendation; pure, so thresholds are unit-tested without Kafka. */
public record ScalePolicy(double upThreshold, double downThreshold, int queueDepthUp) {

  public ScaleRecommendation decide(CapabilityType type, Instant start, Instant end, LoadWindow window) {
    double average = window.getSamples() == 0 ? 0 : window.getLoadSum() / window.getSamples();
    ScaleAction action;
    String reason;
    if (average >= upThreshold || window.getMaxQueueDepth() >= queueDepthUp) {
      action = ScaleAction.SCALE_UP;
      reason = String.format(Locale.ROOT, "average load %.2f (up at %.2f), max queue %d (up at %d)", average,
          upThreshold, window.getMaxQueueDepth(), queueDepthUp);
    } else if (average <= downThreshold && window.getMaxQueueDepth() == 0) {
      action = ScaleAction.SCALE_DOWN;
      reason = String.format(Locale.ROOT, "average load %.2f at or below %.2f with empty queues", average,
          downThreshold);
    } else {
      action = ScaleAction.HOLD;
      reason = String.format(Locale.ROOT, "average load %.2f within [%.2f, %.2f)", average, downThreshold,
          upThreshold);
    }
    return ScaleRecommendation.newBuilder()
        .setCapabilityType(type)
        .setWindowStart(start)
        .setWindowEnd(end)
        .setNodes(window.getNodes())
        .setSamples(window.getSamples())
        .setAverageLoad(average)
        .setMaxQueueDepth(window.getMaxQueueDepth())
        .setAction(action)
        .setReason(reason)
        .build();
  }
}
