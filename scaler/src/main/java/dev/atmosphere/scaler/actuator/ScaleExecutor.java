package dev.atmosphere.scaler.actuator;

import dev.atmosphere.scaler.policy.ScalingPolicies;
import dev.atmosphere.scaler.policy.ScalingPolicy;
import dev.atmosphere.schemas.ScaleCommand;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies a command through its type's backends in priority order, stopping at the first that applied it (so a
 * high-priority Wake-on-LAN machine is woken before Kubernetes adds a pod, as the design asks). Dry-run commands are
 * only logged. Returns every backend's outcome.
 */
public final class ScaleExecutor {

  private static final Logger log = LoggerFactory.getLogger(ScaleExecutor.class);

  private final ScalingPolicies policies;
  private final Function<ScalingPolicy.Backend, Actuator> actuators;

  public ScaleExecutor(ScalingPolicies policies, Function<ScalingPolicy.Backend, Actuator> actuators) {
    this.policies = policies;
    this.actuators = actuators;
  }

  public List<Actuator.Outcome> apply(ScaleCommand command) {
    List<Actuator.Outcome> outcomes = new ArrayList<>();
    if (command.getDryRun()) {
      log.info("dry run: would {} {} from {} to {} replicas ({})", command.getAction(), command.getCapabilityType(),
          command.getFromReplicas(), command.getToReplicas(), command.getReason());
      outcomes.add(new Actuator.Outcome(false, "dry run"));
      return outcomes;
    }
    for (ScalingPolicy.Backend backend : policies.forType(command.getCapabilityType())
        .map(ScalingPolicy::backends).orElse(List.of())) {
      Actuator.Outcome outcome = actuators.apply(backend).apply(command);
      outcomes.add(outcome);
      log.info("{} {} via {}: {}", command.getAction(), command.getCapabilityType(), backend.label(), outcome.detail());
      if (outcome.applied()) {
        break;
      }
    }
    return outcomes;
  }
}
