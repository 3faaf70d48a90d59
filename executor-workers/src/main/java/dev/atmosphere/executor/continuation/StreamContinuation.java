package dev.atmosphere.executor.continuation;

import dev.atmosphere.schemas.ChatMessage;
import dev.atmosphere.schemas.WorkUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Goes on with a streamed answer an earlier attempt broke off. The text the client already has is streamed again first
 * (the gateway skips what its client holds, so it sees one answer), and the model is asked to continue it: the text
 * is the conversation's last, unfinished assistant message — how Ollama, llama.cpp and vLLM continue a reply. A model
 * that starts over instead has the repeated beginning dropped: its first characters are held back until they show
 * whether it continues or repeats, and a repeat loses as many characters as the client already has.
 */
public final class StreamContinuation implements Consumer<String> {

  /** How many characters of a repeat show that the model started over. */
  private static final int PROBE = 24;

  private enum Mode { UNDECIDED, CONTINUING, REPEATING }

  private final String delivered;
  private final Consumer<String> sink;
  private final StringBuilder held = new StringBuilder();
  private final StringBuilder generated = new StringBuilder();
  private Mode mode = Mode.UNDECIDED;
  private boolean heard;

  /** Streams {@code delivered} to {@code sink} at once, then what the model adds. */
  public StreamContinuation(String delivered, Consumer<String> sink) {
    this.delivered = delivered;
    this.sink = sink;
    sink.accept(delivered);
  }

  /** The unit asking the model to continue {@code delivered}: the conversation with it as the unfinished reply. */
  public static WorkUnit unit(WorkUnit unit, String delivered) {
    List<ChatMessage> messages = new ArrayList<>(unit.getMessages());
    if (messages.isEmpty()) {
      messages.add(ChatMessage.newBuilder().setRole("user").setContent(unit.getText()).build());
    }
    messages.add(ChatMessage.newBuilder().setRole("assistant").setContent(delivered).build());
    return WorkUnit.newBuilder(unit).setMessages(messages).build();
  }

  @Override
  public void accept(String delta) {
    heard = true;
    if (mode == Mode.CONTINUING) {
      emit(delta);
      return;
    }
    held.append(delta);
    String probe = delivered.substring(0, Math.min(PROBE, delivered.length()));
    if (mode == Mode.UNDECIDED) {
      if (held.length() < probe.length() && probe.startsWith(held.toString())) {
        return; // too early to tell
      }
      mode = held.indexOf(probe) == 0 ? Mode.REPEATING : Mode.CONTINUING;
    }
    if (mode == Mode.CONTINUING) {
      emit(held.toString());
      held.setLength(0);
    } else if (held.length() > delivered.length()) { // the repeat is over: what follows is new
      String rest = held.substring(delivered.length());
      held.setLength(0);
      mode = Mode.CONTINUING;
      emit(rest);
    }
  }

  /** The whole answer: the delivered text and what the model added ({@code output} when it could not stream). */
  public String output(String output) {
    if (!heard && output != null) {
      accept(output);
    }
    if (mode == Mode.UNDECIDED && held.length() > 0) { // a short ending that looked like the start of a repeat
      emit(held.toString());
      held.setLength(0);
    }
    return delivered + generated;
  }

  private void emit(String text) {
    if (!text.isEmpty()) {
      generated.append(text);
      sink.accept(text);
    }
  }
}
