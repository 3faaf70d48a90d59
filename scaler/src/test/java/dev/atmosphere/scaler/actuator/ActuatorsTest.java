package dev.atmosphere.scaler.actuator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atmosphere.scaler.policy.ScalingPolicies;
import dev.atmosphere.scaler.policy.ScalingPolicy;
import dev.atmosphere.schemas.CapabilityType;
import dev.atmosphere.schemas.ScaleAction;
import dev.atmosphere.schemas.ScaleCommand;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Both actuators against real counterparts: the fabric8 Kubernetes mock API server (CRUD mode) holding a
 * Deployment, and a UDP socket on this machine receiving the Wake-on-LAN magic packet.
 */
@EnableKubernetesMockClient(crud = true)
class ActuatorsTest {

  KubernetesClient client;

  private static ScaleCommand command(ScaleAction action, int from, int to, boolean dryRun) {
    return ScaleCommand.newBuilder().setCommandId("c").setCapabilityType(CapabilityType.LLM).setAction(action)
        .setFromReplicas(from).setToReplicas(to).setReason("test").setDryRun(dryRun).setWindowStart(Instant.EPOCH)
        .setWindowEnd(Instant.EPOCH).build();
  }

  @Test
  void shouldScaleTheDeploymentThroughTheKubernetesApi() {
    client.apps().deployments().inNamespace("atmosphere").resource(new DeploymentBuilder().withNewMetadata()
        .withName("llamafarm-llm").withNamespace("atmosphere").endMetadata().withNewSpec().withReplicas(1)
        .endSpec().build()).create();

    Actuator.Outcome outcome = new KubernetesActuator(client, new ScalingPolicy.Kubernetes("atmosphere",
        "llamafarm-llm", 1)).apply(command(ScaleAction.SCALE_UP, 1, 2, false));

    assertThat(outcome.applied()).as(outcome.detail()).isTrue();
    assertThat(client.apps().deployments().inNamespace("atmosphere").withName("llamafarm-llm").get().getSpec()
        .getReplicas()).isEqualTo(2);
  }

  @Test
  void shouldSaySoWhenTheDeploymentDoesNotExist() {
    Actuator.Outcome outcome = new KubernetesActuator(client, new ScalingPolicy.Kubernetes("atmosphere", "nope", 1))
        .apply(command(ScaleAction.SCALE_UP, 1, 2, false));

    assertThat(outcome.applied()).isFalse();
    assertThat(outcome.detail()).isEqualTo("deployment atmosphere/nope not found");
  }

  @Test
  void shouldSendAMagicPacketThatALocalSocketReceives() throws Exception {
    try (DatagramSocket receiver = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      receiver.setSoTimeout(5000);
      ScalingPolicy.WakeOnLan target = new ScalingPolicy.WakeOnLan(List.of("00:11:22:AA:bb:55"), "127.0.0.1",
          receiver.getLocalPort(), 2);

      Actuator.Outcome outcome = new WakeOnLanActuator(target).apply(command(ScaleAction.SCALE_UP, 1, 2, false));
      DatagramPacket packet = new DatagramPacket(new byte[200], 200);
      receiver.receive(packet);

      assertThat(outcome.applied()).isTrue();
      byte[] data = Arrays.copyOf(packet.getData(), packet.getLength());
      assertThat(data).hasSize(102).startsWith((byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF,
          (byte) 0xFF);
      for (int i = 0; i < 16; i++) {
        assertThat(Arrays.copyOfRange(data, 6 + i * 6, 12 + i * 6))
            .containsExactly(0x00, 0x11, 0x22, 0xAA, 0xBB, 0x55);
      }
    }
  }

  @Test
  void shouldTryBackendsInPriorityOrderAndStopAtTheFirstThatApplies() {
    List<String> calls = new ArrayList<>();
    ScalingPolicy policy = new ScalingPolicy(CapabilityType.LLM, 1, 5, 0.7, 0.2, java.time.Duration.ofMinutes(5),
        List.of(new ScalingPolicy.WakeOnLan(List.of("00:11:22:33:44:55"), "127.0.0.1", 9, 2),
            new ScalingPolicy.Kubernetes("atmosphere", "llamafarm-llm", 1)));
    ScaleExecutor executor = new ScaleExecutor(ScalingPolicies.of(List.of(policy)), backend -> command -> {
      calls.add(backend.label());
      return new Actuator.Outcome(backend instanceof ScalingPolicy.Kubernetes, "ok");
    });

    executor.apply(command(ScaleAction.SCALE_UP, 1, 2, false));
    List<Actuator.Outcome> dry = executor.apply(command(ScaleAction.SCALE_UP, 1, 2, true));

    assertThat(calls).containsExactly("wake-on-lan:00:11:22:33:44:55", "kubernetes:atmosphere/llamafarm-llm");
    assertThat(dry).singleElement().satisfies(o -> assertThat(o.detail()).isEqualTo("dry run"));
  }
}
