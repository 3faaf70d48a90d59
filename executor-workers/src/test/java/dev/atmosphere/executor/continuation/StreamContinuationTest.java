package dev.atmosphere.executor.continuation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atmosphere.schemas.CapabilityType;
import dev.atmosphere.schemas.ChatMessage;
import dev.atmosphere.schemas.IntentKind;
import dev.atmosphere.schemas.Provider;
import dev.atmosphere.schemas.WorkUnit;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Continuing a streamed answer: what the client is sent, what the model is asked, and a model that starts over. */
class StreamContinuationTest {

  private static final String SENT = "The capital of France is Paris";
  private final List<String> sink = new ArrayList<>();

  @Test
  void shouldSendTheDeliveredTextFirstAndThenWhatTheModelAdds() {
    StreamContinuation c = new StreamContinuation(SENT, sink::add);
    c.accept(",");
    c.accept(" a city on the Seine.");

    assertThat(c.output(null)).isEqualTo(SENT + ", a city on the Seine.");
    assertThat(sink).containsExactly(SENT, ",", " a city on the Seine.");
  }

  @Test
  void shouldDropTheRepeatOfAModelThatStartsOver() {
    StreamContinuation c = new StreamContinuation(SENT, sink::add);
    for (String piece : List.of("The capital", " of France", " is Paris", ", on", " the Seine.")) {
      c.accept(piece);
    }

    assertThat(c.output(null)).isEqualTo(SENT + ", on the Seine.");
    assertThat(String.join("", sink)).isEqualTo(SENT + ", on the Seine.");
  }

  @Test
  void shouldKeepAShortEndingThatOnlyLooksLikeTheStartOfARepeat() {
    StreamContinuation c = new StreamContinuation(SENT, sink::add);
    c.accept("Th");

    assertThat(c.output(null)).isEqualTo(SENT + "Th");
    assertThat(sink).containsExactly(SENT, "Th");
  }

  @Test
  void shouldContinueFromAnAnswerThatCameWhole() {
    StreamContinuation c = new StreamContinuation(SENT, sink::add);

    assertThat(c.output(SENT + " and has been since 508.")).isEqualTo(SENT + " and has been since 508.");
    assertThat(sink).containsExactly(SENT, " and has been since 508.");
  }

  @Test
  void shouldAskTheModelToGoOnFromTheUnfinishedReply() {
    WorkUnit unit = WorkUnit.newBuilder().setWorkId("i-w2-x").setIntentId("i").setRouteId("r").setAttempt(2)
        .setNodeId("b").setCapabilityId("llm").setCapabilityType(CapabilityType.LLM).setProvider(Provider.OLLAMA)
        .setTarget("m").setKind(IntentKind.CHAT).setText("What is the capital of France?").setStream(true)
        .setIntentCreatedAt(Instant.EPOCH).setRoutedAt(Instant.EPOCH).build();

    List<ChatMessage> asked = StreamContinuation.unit(unit, SENT).getMessages();

    assertThat(asked).extracting(ChatMessage::getRole).containsExactly("user", "assistant");
    assertThat(asked.get(0).getContent()).isEqualTo("What is the capital of France?");
    assertThat(asked.get(1).getContent()).isEqualTo(SENT);
  }
}
