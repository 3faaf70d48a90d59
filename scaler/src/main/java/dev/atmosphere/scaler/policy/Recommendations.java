package dev.atmosphere.scaler.policy;

import dev.atmosphere.schemas.ScaleAction;
import dev.atmosphere.schemas.ScaleRecommendation;
import dev.atmosphere.schemas.internal.LoadWindow;
import java.time.Instant;
import java.util.Locale;

/**
 * Turns one closed load window of a capability type into a recommendation, judged by that type's own
 * {@link ScalingPolicy} — the same thresholds the {@link ScaleDecider} then acts on, so a window recommended up is
 * never held by a second set of numbers. Pure, so thresholds are unit-tested without Kafka.
 */
public final class Recommendations {

  private Recommendations() {}

  /** @param queueDepthUp queued units on a node that recommend scaling up whatever the load */
  public static ScaleRecommendation of(ScalingPolicy policy, int queueDepthUp, Instant start, Instant end,
      LoadWindow window) {
    double average = window.getSamples() == 0 ? 0 : window.getLoadSum() / window.getSamples();
    double up = policy.scaleUpThreshold();
    double down = policy.scaleDownThreshold();
    ScaleAction action;
    String reason;
    if (average >= up || window.getMaxQueueDepth() >= queueDepthUp) {
      action = ScaleAction.SCALE_UP;
      reason = String.format(Locale.ROOT, "average load %.2f (up at %.2f), max queue %d (up at %d)", average, up,
          window.getMaxQueueDepth(), queueDepthUp);
    } else if (average <= down && window.getMaxQueueDepth() == 0) {
      action = ScaleAction.SCALE_DOWN;
      reason = String.format(Locale.ROOT, "average load %.2f at or below %.2f with empty queues", average, down);
    } else {
      action = ScaleAction.HOLD;
      reason = String.format(Locale.ROOT, "average load %.2f within [%.2f, %.2f)", average, down, up);
    }
    return ScaleRecommendation.newBuilder()
        .setCapabilityType(policy.type())
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
