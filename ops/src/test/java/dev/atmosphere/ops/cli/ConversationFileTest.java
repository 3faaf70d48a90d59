package dev.atmosphere.ops.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atmosphere.schemas.ChatMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code --conversation FILE}: the turns so far, then the new question; a bad file is named, not half read. */
class ConversationFileTest {

  @TempDir Path dir;
  private final CommandLine options = new IntentOptions().commandLine();

  @Test
  void shouldReadTheTurnsSoFarAndAppendTheNewQuestion() throws Exception {
    Path file = Files.writeString(dir.resolve("c.json"), "[{\"role\": \"user\", \"content\": \"list the obligations\"},"
        + " {\"role\": \"assistant\", \"content\": \"1. deliver 2. invoice\", \"name\": \"ignored\"}]");

    assertThat(ConversationFile.read(file, "which ends first?", options))
        .extracting(ChatMessage::getRole, ChatMessage::getContent)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("user", "list the obligations"),
            org.assertj.core.groups.Tuple.tuple("assistant", "1. deliver 2. invoice"),
            org.assertj.core.groups.Tuple.tuple("user", "which ends first?"));
  }

  @Test
  void shouldNameTheFileAndTheMessageThatIsWrong() throws Exception {
    Path noRole = Files.writeString(dir.resolve("a.json"), "[{\"role\": \"user\", \"content\": \"hi\"}, {\"content\": \"x\"}]");
    Path notText = Files.writeString(dir.resolve("b.json"), "[{\"role\": \"user\", \"content\": 42}]");
    Path object = Files.writeString(dir.resolve("c.json"), "{\"messages\": []}");
    Path broken = Files.writeString(dir.resolve("d.json"), "[{\"role\": ");

    assertThatThrownBy(() -> ConversationFile.read(noRole, "q", options)).isInstanceOf(CommandLine.ParameterException.class)
        .hasMessageContaining("--conversation").hasMessageContaining("a.json").hasMessageContaining("message 2")
        .hasMessageContaining("role");
    assertThatThrownBy(() -> ConversationFile.read(notText, "q", options)).hasMessageContaining("message 1")
        .hasMessageContaining("content");
    assertThatThrownBy(() -> ConversationFile.read(object, "q", options)).hasMessageContaining("JSON array");
    assertThatThrownBy(() -> ConversationFile.read(broken, "q", options)).hasMessageContaining("d.json")
        .hasMessageContaining("cannot be read as JSON");
    assertThatThrownBy(() -> ConversationFile.read(dir.resolve("none.json"), "q", options))
        .hasMessageContaining("none.json");
  }
}
