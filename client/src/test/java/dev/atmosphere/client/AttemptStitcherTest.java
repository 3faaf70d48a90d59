package dev.atmosphere.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atmosphere.schemas.ResultChunk;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class AttemptStitcherTest {

  private final AttemptStitcher stitcher = new AttemptStitcher();
  private int sequence;

  private String piece(int attempt, String delta) {
    return stitcher.accept(ResultChunk.newBuilder().setIntentId("i").setWorkId("i-w" + attempt).setSequence(sequence++)
        .setDelta(delta).setNodeId("n" + attempt).setCapabilityId("c").setEmittedAt(Instant.EPOCH).build());
  }

  @Test
  void shouldStreamOneAttemptAsItComes() {
    assertThat(piece(1, "Hello ")).isEqualTo("Hello ");
    assertThat(piece(1, "world")).isEqualTo("world");
    assertThat(stitcher.finish("Hello world!")).contains("!");
  }

  @Test
  void shouldNotRepeatThePrefixWhenTheNextAttemptStartsOver() {
    piece(1, "The notice ");
    piece(1, "period is");

    assertThat(piece(2, "The notice")).isEmpty();
    assertThat(piece(2, " period is thirty")).isEqualTo(" thirty");
    assertThat(piece(2, " days.")).isEqualTo(" days.");
    assertThat(stitcher.streamed()).isEqualTo("The notice period is thirty days.");
    assertThat(stitcher.finish("The notice period is thirty days.")).contains("");
  }

  @Test
  void shouldDropLateChunksOfASupersededAttempt() {
    piece(1, "A");
    piece(2, "AB");

    assertThat(piece(1, "x late piece")).isEmpty();
    assertThat(stitcher.streamed()).isEqualTo("AB");
  }

  @Test
  void shouldNeverInterleaveAnAttemptThatSaysSomethingElse() {
    piece(1, "Yes, because");

    assertThat(piece(2, "No.")).isEmpty();
    assertThat(piece(2, " It is not binding at all.")).isEmpty();
    assertThat(stitcher.streamed()).isEqualTo("Yes, because");
    assertThat(stitcher.finish("No. It is not binding at all.")).isEmpty();
  }

  @Test
  void shouldReadTheAttemptFromTheWorkId() {
    assertThat(AttemptStitcher.attemptOf("abc-def-w3")).isEqualTo(3);
    assertThat(AttemptStitcher.attemptOf("abc-def-w12-9f3a41c2d0b8e7a6")).isEqualTo(12);
    assertThat(AttemptStitcher.attemptOf("odd")).isEqualTo(1);
  }
}
