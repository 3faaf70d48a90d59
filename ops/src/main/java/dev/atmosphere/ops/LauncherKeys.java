package dev.atmosphere.ops;

import static dev.atmosphere.common.config.Key.flag;
import static dev.atmosphere.common.config.Key.integer;
import static dev.atmosphere.common.config.Key.text;

import dev.atmosphere.common.config.Key;

/** The keys of {@code ./atmosphere up}: which services this process runs, and the embedded broker and registry. */
public final class LauncherKeys {

  public static final Key<Boolean> ROUTER = flag("router.enabled", true, "Run a router in this process.");
  public static final Key<Boolean> SCALER = flag("scaler.enabled", true, "Run the scaler in this process.");
  public static final Key<Boolean> MONITORING = new Key<>("monitoring.enabled", "true or false", "router.enabled",
      "Run the monitoring job here (one per mesh: by default where the router runs).",
      dev.atmosphere.common.config.Settings::bool, null);
  public static final Key<Boolean> NODE = flag("node.enabled", true,
      "Run this node's executor and agent (when it is discoverable).");
  public static final Key<Integer> KAFKA_PORT = integer("embedded.kafka.port", 9092, 0, 65_535,
      "Preferred port of the embedded broker (the next free one when taken).");
  public static final Key<Integer> REGISTRY_PORT = integer("embedded.registry.port", 8081, 0, 65_535,
      "Preferred port of the embedded schema registry.");
  public static final Key<String> SHARE_AS = text("embedded.share.as", null,
      "Name other machines reach this one at: share the embedded broker and registry (needs mesh.join_code).");
  public static final Key<Boolean> SHARE_TLS = flag("embedded.share.tls", false,
      "Encrypt the shared broker's network listener (TLS with a self-signed certificate for embedded.share.as, made "
          + "once in <data.dir>/kafka-tls; the other machines set kafka.tls.ca to its broker.pem).");

  private LauncherKeys() {}
}
