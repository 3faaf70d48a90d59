package dev.atmosphere.scaler.actuator;

import dev.atmosphere.scaler.policy.ScalingPolicy;
import dev.atmosphere.schemas.ScaleCommand;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

/**
 * Scales a Deployment to the command's replica count through the fabric8 Kubernetes client (the cluster comes from
 * the usual kubeconfig / in-cluster service account). Idempotent: a replayed command sets the same count.
 */
public final class KubernetesActuator implements Actuator {

  private final KubernetesClient client;
  private final ScalingPolicy.Kubernetes target;

  public KubernetesActuator(KubernetesClient client, ScalingPolicy.Kubernetes target) {
    this.client = client;
    this.target = target;
  }

  @Override
  public Outcome apply(ScaleCommand command) {
    try {
      var deployment = client.apps().deployments().inNamespace(target.namespace()).withName(target.deployment());
      Deployment current = deployment.get();
      if (current == null) {
        return new Outcome(false, "deployment " + target.namespace() + "/" + target.deployment() + " not found");
      }
      deployment.scale(command.getToReplicas());
      return new Outcome(true, "scaled " + target.namespace() + "/" + target.deployment() + " from "
          + current.getSpec().getReplicas() + " to " + command.getToReplicas() + " replicas");
    } catch (KubernetesClientException e) {
      return new Outcome(false, "kubernetes refused scaling " + target.deployment() + ": HTTP " + e.getCode()
          + " " + e.getStatus().getMessage());
    }
  }
}
