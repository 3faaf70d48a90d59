package dev.atmosphere.ops.cli;

import dev.atmosphere.common.config.CommonKeys;
import dev.atmosphere.common.config.Settings;
import dev.atmosphere.schemas.Intent;
import dev.atmosphere.schemas.IntentConstraints;
import dev.atmosphere.schemas.IntentKind;
import java.time.Instant;
import java.util.Locale;
import java.util.UUID;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The options that describe an intent, shared by {@code intent} and {@code route}. */
final class IntentOptions {

  @Parameters(index = "0", paramLabel = "TEXT", description = "What you want, in words.")
  String text;

  @Option(names = "--kind", defaultValue = "chat", description = "chat, embed, rag or vision (default: ${DEFAULT-VALUE})")
  String kind;

  @Option(names = "--capability", description = "Pin a capability id, e.g. llamafarm:rag:legal/contracts.")
  String capability;

  @Option(names = "--model", description = "Pin a model name.")
  String model;

  @Option(names = "--local-only", description = "Only run on this node.")
  boolean localOnly;

  @Option(names = "--residency", description = "Only nodes declaring this data residency (e.g. EU).")
  String residency;

  @Option(names = "--cache", defaultValue = "default",
      description = "Semantic cache: default, bypass (neither read nor write) or refresh (run and replace).")
  String cache;

  @Option(names = "--conversation", paramLabel = "FILE", description = "The conversation so far, as a JSON array of "
      + "{\"role\": …, \"content\": …} messages (OpenAI's shape); TEXT is the next user message. A follow-up goes "
      + "back to the node that answered the previous turn (affinity).")
  java.nio.file.Path conversation;

  @picocli.CommandLine.Spec(picocli.CommandLine.Spec.Target.MIXEE)
  picocli.CommandLine.Model.CommandSpec mixee;

  /** The command these options belong to, whose error stream a usage error goes to. */
  picocli.CommandLine commandLine() {
    return mixee != null ? mixee.commandLine() : new picocli.CommandLine(this);
  }

  /** The kind, or null after printing a usage error (an unknown kind, or nothing asked). */
  IntentKind kindOrNull(java.io.PrintWriter err) {
    if (text == null || text.isBlank()) {
      err.println("error: TEXT is empty — say what you want, e.g. \"summarise this contract\"");
      return null;
    }
    try {
      return IntentKind.valueOf(kind.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      err.println("error: --kind must be chat, embed, rag or vision, not '" + kind + "'");
      return null;
    }
  }

  private dev.atmosphere.schemas.CacheMode cacheMode() {
    try {
      return dev.atmosphere.schemas.CacheMode.valueOf(cache.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new picocli.CommandLine.ParameterException(commandLine(),
          "--cache must be default, bypass or refresh, not '" + cache + "'");
    }
  }

  /**
   * The local node's key when it is readable here ({@code identity.dir}, which the endpoints file of
   * {@code ./atmosphere up} names): intents posted with it are signed in the node's name, so the router trusts their
   * origin and the node's local-only capabilities serve them. Otherwise (null) they go out anonymous.
   */
  static dev.atmosphere.common.identity.NodeIdentity nodeKey(Settings settings) {
    return settings.optional(CommonKeys.IDENTITY_DIR).filter(d -> !d.isBlank())
        .flatMap(d -> dev.atmosphere.common.identity.NodeIdentity.existing(java.nio.file.Path.of(d),
            settings.optional(CommonKeys.NODE_ID).orElse(null)))
        .orElse(null);
  }

  Intent.Builder toIntent(IntentKind intentKind, Settings settings, long timeoutSeconds) {
    Instant now = Instant.now();
    return Intent.newBuilder()
        .setIntentId(UUID.randomUUID().toString())
        .setOriginNodeId(settings.optional(CommonKeys.NODE_ID).orElse(null))
        .setKind(intentKind)
        .setText(text)
        .setPinnedCapabilityId(capability)
        .setPinnedModel(model)
        .setConstraints(IntentConstraints.newBuilder().setLocalOnly(localOnly).setDataResidency(residency).build())
        .setCache(cacheMode())
        .setMessages(conversation == null ? java.util.List.of() : ConversationFile.read(conversation, text, commandLine()))
        .setCreatedAt(now)
        .setDeadlineAt(now.plusSeconds(timeoutSeconds));
  }
}
