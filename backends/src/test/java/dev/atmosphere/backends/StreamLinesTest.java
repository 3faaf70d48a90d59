package dev.atmosphere.backends;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atmosphere.common.http.HttpFailure;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StreamLinesTest {

  private static InputStream body(String text) {
    return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void shouldReadAnSseStreamUpToItsDoneMarker() {
    List<JsonNode> events = new ArrayList<>();

    StreamLines.sse(body("data: {\"n\":1}\n\n: comment\ndata: {\"n\":2}\n\ndata: [DONE]\n\n"), events::add);

    assertThat(events).extracting(e -> e.get("n").asInt()).containsExactly(1, 2);
  }

  @Test
  void shouldFailAnSseStreamThatEndsWithoutDoneAfterDeliveringWhatArrived() {
    List<JsonNode> events = new ArrayList<>();

    assertThatThrownBy(() -> StreamLines.sse(body("data: {\"n\":1}\n\ndata: {\"n\":2}\n\n"), events::add))
        .isInstanceOf(HttpFailure.class).hasMessageContaining("ended without its end marker ([DONE])");
    assertThat(events).hasSize(2);
  }

  @Test
  void shouldFailAnNdjsonStreamThatEndsBeforeDoneTrue() {
    assertThatThrownBy(() -> StreamLines.ndjson(body("{\"message\":{\"content\":\"a\"},\"done\":false}\n"), e -> { }))
        .isInstanceOf(HttpFailure.class).hasMessageContaining("cut off");
  }

  @Test
  void shouldReadAnNdjsonStreamUpToDoneTrue() {
    List<JsonNode> events = new ArrayList<>();

    StreamLines.ndjson(body("{\"done\":false}\n\n{\"done\":true,\"eval_count\":3}\n"), events::add);

    assertThat(events).hasSize(2);
    assertThat(events.get(1).get("eval_count").asInt()).isEqualTo(3);
  }
}
