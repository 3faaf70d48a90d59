package dev.atmosphere.router.scoring;

import dev.atmosphere.schemas.CapabilityType;
import dev.atmosphere.schemas.IntentKind;
import java.util.EnumSet;
import java.util.Set;

/** Which capability types may serve which intent kind: an embed intent only goes to embeddings, etc. */
public final class KindRules {

  private KindRules() {}

  public static Set<CapabilityType> servable(IntentKind kind) {
    return switch (kind) {
      case EMBED -> EnumSet.of(CapabilityType.EMBEDDINGS);
      case RAG -> EnumSet.of(CapabilityType.RAG);
      case VISION -> EnumSet.of(CapabilityType.VISION);
      case CHAT, UNKNOWN -> EnumSet.of(CapabilityType.LLM, CapabilityType.RAG, CapabilityType.AGENT, CapabilityType.VISION);
    };
  }

  /**
   * Embeddings are chosen by kind and load, not by what the text to embed means; so are vision intents (they carry
   * images, and any model that can see may answer "what is in this picture?", however its description reads).
   */
  public static boolean semantic(IntentKind kind) {
    return kind != IntentKind.EMBED && kind != IntentKind.VISION;
  }
}
