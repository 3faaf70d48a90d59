package dev.atmosphere.scaler.policy;

import dev.atmosphere.schemas.ScaleAction;
import dev.atmosphere.schemas.ScaleCommand;
import dev.atmosphere.schemas.ScaleRecommendation;
import dev.atmosphere.schemas.internal.ScalerState;
import java.util.Locale;
import java.util.Optional;

/**
 * Turns a window's recommendation into a command under a policy: one replica at a time, within min/max, never
 * twice within the cooldown (measured in window time, so a replay decides the same), and always back up to
 * min_replicas. Pure: the Streams processor and the simulation share it.
 */
public final class ScaleDecider {

  private final boolean dryRun;

  public ScaleDecider(boolean dryRun) {
    this.dryRun = dryRun;
  }

  /** The command for this window, if any; {@code state} is the type's last known replicas and command time. */
  public Optional<ScaleCommand> decide(ScalingPolicy policy, ScaleRecommendation window, ScalerState state) {
    int current = state.getReplicas();
    int target = current;
    String why;
    if (current < policy.minReplicas()) {
      target = policy.minReplicas();
      why = "below min_replicas " + policy.minReplicas();
    } else if (current > policy.maxReplicas()) {
      target = policy.maxReplicas();
      why = "above max_replicas " + policy.maxReplicas();
    } else {
      double load = window.getAverageLoad();
      if ((load > policy.scaleUpThreshold() || window.getAction() == ScaleAction.SCALE_UP)
          && current < policy.maxReplicas()) {
        target = current + 1;
      } else if (load < policy.scaleDownThreshold() && window.getMaxQueueDepth() == 0
          && current > policy.minReplicas()) {
        target = current - 1;
      }
      why = String.format(Locale.ROOT, "average load %.2f (up above %.2f, down below %.2f), max queue %d",
          load, policy.scaleUpThreshold(), policy.scaleDownThreshold(), window.getMaxQueueDepth());
      boolean cooling = state.getLastCommandAt() != null
          && window.getWindowEnd().isBefore(state.getLastCommandAt().plus(policy.cooldown()));
      if (target != current && cooling) {
        return Optional.empty();
      }
    }
    if (target == current) {
      return Optional.empty();
    }
    return Optional.of(ScaleCommand.newBuilder()
        .setCommandId(policy.type() + "@" + window.getWindowEnd().toEpochMilli())
        .setCapabilityType(policy.type())
        .setAction(target > current ? ScaleAction.SCALE_UP : ScaleAction.SCALE_DOWN)
        .setFromReplicas(current).setToReplicas(target).setReason(why)
        .setBackends(policy.backends().stream().map(ScalingPolicy.Backend::label).toList())
        .setDryRun(dryRun).setWindowStart(window.getWindowStart()).setWindowEnd(window.getWindowEnd())
        .build());
  }
}
