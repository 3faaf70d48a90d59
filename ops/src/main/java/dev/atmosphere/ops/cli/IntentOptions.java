package dev.atmosphere.ops.cli;

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

  /** The kind, or null after printing a usage error. */
  IntentKind kindOrNull(java.io.PrintWriter err) {
    try {
      return IntentKind.valueOf(kind.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      err.println("error: --kind must be chat, embed, rag or vision, not '" + kind + "'");
      return null;
    }
  }

  Intent.Builder toIntent(IntentKind intentKind, Settings settings, long timeoutSeconds) {
    Instant now = Instant.now();
    return Intent.newBuilder()
        .setIntentId(UUID.randomUUID().toString())
        .setOriginNodeId(settings.optional("node.id").orElse(null))
        .setKind(intentKind)
        .setText(text)
        .setPinnedCapabilityId(capability)
        .setPinnedModel(model)
        .setConstraints(IntentConstraints.newBuilder().setLocalOnly(localOnly).setDataResidency(residency).build())
        .setCreatedAt(now)
        .setDeadlineAt(now.plusSeconds(timeoutSeconds));
  }
}
