package dev.atmosphere.scaler.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atmosphere.schemas.CapabilityType;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The design's scaling.yaml parses as written; every mistake is named with file and key path. */
class ScalingPoliciesTest {

  static final String DESIGN = """
      scaling_policies:
        - capability_type: llm
          min_replicas: 1
          max_replicas: 5
          scale_up_threshold: 0.7  # Scale up if avg load > 70%
          scale_down_threshold: 0.2  # Scale down if avg load < 20%
          cooldown_minutes: 5
          backends:
            - type: kubernetes
              namespace: atmosphere
              deployment: llamafarm-llm
            - type: wake-on-lan
              mac_addresses:
                - "00:11:22:33:44:55"  # Dell server
              priority: high  # Wake before K8s scale
        - capability_type: embeddings
          min_replicas: 2
          max_replicas: 10
          scale_up_threshold: 0.8
          scale_down_threshold: 0.3
          backends:
            - type: kubernetes
              namespace: atmosphere
              deployment: llamafarm-embeddings
      """;

  @Test
  void shouldReadTheDesignsExampleWithWakeOnLanFirstBecauseItIsHighPriority() {
    ScalingPolicies policies = ScalingPolicies.parse(DESIGN, "scaling.yaml");

    ScalingPolicy llm = policies.forType(CapabilityType.LLM).orElseThrow();
    assertThat(llm.minReplicas()).isEqualTo(1);
    assertThat(llm.maxReplicas()).isEqualTo(5);
    assertThat(llm.cooldown()).isEqualTo(Duration.ofMinutes(5));
    assertThat(llm.backends()).extracting(ScalingPolicy.Backend::label)
        .containsExactly("wake-on-lan:00:11:22:33:44:55", "kubernetes:atmosphere/llamafarm-llm");
    assertThat(policies.forType(CapabilityType.EMBEDDINGS).orElseThrow().scaleDownThreshold()).isEqualTo(0.3);
  }

  @Test
  void shouldNameFileAndKeyOfEveryProblemAtOnce() {
    String bad = """
        scaling_policies:
          - capability_type: llm
            min_replicas: 4
            max_replicas: 2
            scale_up_treshold: 0.7
            backends:
              - type: wake-on-lan
                mac_addresses: ["00:11:22:33:44"]
              - type: docker
      """;

    assertThatThrownBy(() -> ScalingPolicies.parse(bad, "/etc/atmosphere/scaling.yaml"))
        .hasMessageContaining("/etc/atmosphere/scaling.yaml: scaling_policies[0].scale_up_treshold: unknown key")
        .hasMessageContaining("scaling_policies[0].max_replicas: must be at least 1 and at least min_replicas (4)")
        .hasMessageContaining("scaling_policies[0].backends[0].mac_addresses: '00:11:22:33:44' is not a MAC address")
        .hasMessageContaining("scaling_policies[0].backends[1].type: must be kubernetes or wake-on-lan, not 'docker'");
  }
}
