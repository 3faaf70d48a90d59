package dev.atmosphere.router.affinity;

import dev.atmosphere.schemas.ChatMessage;
import dev.atmosphere.schemas.ImagePart;
import dev.atmosphere.schemas.Intent;
import dev.atmosphere.schemas.sign.Sha256;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Recognises turns of one conversation without any client cooperation: an answered turn is remembered under the hash
 * of its conversation including the answer; the next request of that conversation sends exactly that as its prefix
 * (everything before its new user message), so the hashes meet. Roles and trimmed contents (and image digests)
 * count; ids, timestamps and whitespace do not.
 */
public final class Conversations {

  private Conversations() {}

  /** Key of the conversation {@code intent} continues: its messages without the final user message. */
  public static Optional<String> previousTurn(Intent intent) {
    List<ChatMessage> m = intent.getMessages();
    if (m.size() < 3 || !m.get(m.size() - 1).getRole().equals("user")
        || !m.get(m.size() - 2).getRole().equals("assistant")) {
      return Optional.empty();
    }
    return Optional.of(key(m.subList(0, m.size() - 1)));
  }

  /** Key under which {@code intent}'s answer is remembered: its conversation plus the answer. */
  public static String answeredTurn(Intent intent, String answer) {
    List<ChatMessage> m = new ArrayList<>(intent.getMessages().isEmpty()
        ? List.of(new ChatMessage("user", intent.getText(), List.of(), null, null)) : intent.getMessages());
    m.add(new ChatMessage("assistant", answer == null ? "" : answer, List.of(), null, null));
    return key(m);
  }

  static String key(List<ChatMessage> messages) {
    StringBuilder b = new StringBuilder();
    for (ChatMessage m : messages) {
      b.append(m.getRole()).append('\u0000').append(m.getContent() == null ? "" : m.getContent().strip());
      for (ImagePart i : m.getImages()) {
        b.append('\u0000').append(i.getSha256());
      }
      b.append('\u0001');
    }
    return Sha256.hex(b.toString().getBytes(StandardCharsets.UTF_8));
  }
}
