package dev.atmosphere.ops.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atmosphere.schemas.ChatMessage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import picocli.CommandLine;

/**
 * {@code --conversation FILE}: the turns a request continues, as an OpenAI client would send them, so the CLI can ask
 * (or explain) a follow-up the way an app does — the router sends it back to the node that answered the last turn.
 * A file that is not such an array is a usage error naming the file and the message, never a half-read conversation.
 */
final class ConversationFile {

  private static final Set<String> ROLES = Set.of("system", "user", "assistant");

  private ConversationFile() {}

  /** The file's messages followed by {@code next} as the user's new message; {@code command}: whose option it is. */
  static List<ChatMessage> read(Path file, String next, CommandLine command) {
    JsonNode root;
    try {
      root = AvroJson.JSON.readTree(Files.readAllBytes(file));
    } catch (IOException e) {
      throw usage(command, file + " cannot be read as JSON (" + e.getClass().getSimpleName() + ")");
    }
    if (root == null || !root.isArray()) {
      throw usage(command, file + " must hold a JSON array of {\"role\", \"content\"} messages");
    }
    List<ChatMessage> out = new ArrayList<>();
    for (int i = 0; i < root.size(); i++) {
      JsonNode m = root.get(i);
      String role = m.path("role").asText("");
      if (!ROLES.contains(role)) {
        throw usage(command, file + ": message " + (i + 1) + " needs \"role\" system, user or assistant");
      }
      if (!m.path("content").isTextual()) {
        throw usage(command, file + ": message " + (i + 1) + " needs \"content\" as text");
      }
      out.add(new ChatMessage(role, m.path("content").asText(), List.of(), null, null));
    }
    out.add(new ChatMessage("user", next, List.of(), null, null));
    return out;
  }

  private static CommandLine.ParameterException usage(CommandLine command, String message) {
    return new CommandLine.ParameterException(command, "--conversation " + message);
  }
}
