package dev.atmosphere.scaler.policy;

import dev.atmosphere.schemas.CapabilityType;
import java.time.Duration;
import java.util.List;

/**
 * One entry of {@code scaling.yaml}: replica bounds, thresholds on average load, cooldown between commands, and the
 * backends that add or remove capacity, highest priority first.
 */
public record ScalingPolicy(CapabilityType type, int minReplicas, int maxReplicas, double scaleUpThreshold,
    double scaleDownThreshold, Duration cooldown, List<Backend> backends) {

  /** Where capacity comes from. */
  public sealed interface Backend permits Kubernetes, WakeOnLan {
    int priority();

    /** How commands name it, e.g. {@code kubernetes:atmosphere/llamafarm-llm}. */
    String label();
  }

  /** Scale a Deployment. */
  public record Kubernetes(String namespace, String deployment, int priority) implements Backend {
    @Override
    public String label() {
      return "kubernetes:" + namespace + "/" + deployment;
    }
  }

  /** Wake sleeping machines with a magic packet (scale up only: a packet cannot switch a machine off). */
  public record WakeOnLan(List<String> macAddresses, String broadcast, int port, int priority) implements Backend {
    @Override
    public String label() {
      return "wake-on-lan:" + String.join(",", macAddresses);
    }
  }
}
