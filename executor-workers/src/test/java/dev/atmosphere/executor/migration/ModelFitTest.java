package dev.atmosphere.executor.migration;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ModelFitTest {

  private static final long GB = 1_000_000_000L;

  @Test
  void shouldRefuseAModelLargerThanTheGpuWhenTheNodeDoesNotAllowTheCpu() {
    assertThat(ModelFit.refusal("qwen3:14b", 9 * GB, false, 8 * GB, "gpu-box"))
        .hasValue("qwen3:14b needs 9.0 GB of GPU memory and node gpu-box has 8.0 GB (migration.allow_cpu: false, so "
            + "it may not run partly on the CPU)");
  }

  @Test
  void shouldAcceptWhatFitsTheGpuWhateverTheCpuRuleAndAnythingWhenTheCpuIsAllowed() {
    assertThat(ModelFit.refusal("llama3.2:3b", 2 * GB, false, 8 * GB, "gpu-box")).isEmpty();
    assertThat(ModelFit.refusal("qwen3:14b", 9 * GB, true, 8 * GB, "gpu-box")).isEmpty();
  }

  @Test
  void shouldNotRefuseForAGpuWhoseMemoryIsUnknown() {
    assertThat(ModelFit.refusal("qwen3:14b", 9 * GB, false, null, "no-smi")).isEmpty();
  }
}
