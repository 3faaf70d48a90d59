package dev.atmosphere.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atmosphere.schemas.Timings;
import dev.atmosphere.schemas.WorkResult;
import dev.atmosphere.schemas.WorkStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The chat stream's frames as OpenAI sends them: the role with the first piece only, then content, then the end. */
class ChatFramesTest {

  private final ChatFrames frames = new ChatFrames("i", 1L, false);

  @Test
  void shouldNameTheRoleOnlyInTheFirstPieceAndEndWithStopAndDone() throws Exception {
    List<String> sent = new ArrayList<>();
    sent.addAll(frames.text("Bon", "m"));
    sent.addAll(frames.text("jour", "m"));
    sent.addAll(frames.completed(result(), null, "m", null));

    assertThat(sent).last().isEqualTo("data: [DONE]\n\n");
    List<JsonNode> deltas = new ArrayList<>();
    for (String frame : sent.subList(0, sent.size() - 1)) {
      assertThat(frame).startsWith("data: ").endsWith("\n\n");
      deltas.add(OpenAiRequests.JSON.readTree(frame.substring(6)).path("choices").path(0));
    }
    assertThat(deltas.get(0).path("delta").path("role").asText()).isEqualTo("assistant");
    assertThat(deltas.get(0).path("delta").path("content").asText()).isEqualTo("Bon");
    assertThat(deltas.get(1).path("delta").has("role")).isFalse();
    assertThat(deltas.get(1).path("delta").path("content").asText()).isEqualTo("jour");
    assertThat(deltas.get(2).path("delta").size()).isZero();
    assertThat(deltas.get(2).path("finish_reason").asText()).isEqualTo("stop");
  }

  private static WorkResult result() {
    return WorkResult.newBuilder().setIntentId("i").setStatus(WorkStatus.SUCCEEDED).setOutput("Bonjour")
        .setNodeId("n").setCapabilityId("c")
        .setTimings(Timings.newBuilder().setIntentCreatedAt(Instant.EPOCH).setFinishedAt(Instant.EPOCH).build()).build();
  }
}
