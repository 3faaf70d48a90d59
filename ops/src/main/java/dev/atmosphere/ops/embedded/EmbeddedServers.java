package dev.atmosphere.ops.embedded;

import dev.atmosphere.common.config.CommonKeys;
import dev.atmosphere.common.config.Settings;
import dev.atmosphere.common.kafka.KafkaConnection;
import dev.atmosphere.ops.LauncherKeys;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broker and registry {@code ./atmosphere up} embeds when the configuration names none: a KRaft broker on
 * {@code <data dir>/kafka} and a durable registry on {@code <data dir>/registry}, checked to be a pair before either
 * starts ({@link DataDirPairing}) and paired once both run. Where the configuration names a cluster or a registry,
 * that one is used and nothing is embedded for it.
 */
public final class EmbeddedServers {

  private static final Logger log = LoggerFactory.getLogger(EmbeddedServers.class);

  private EmbeddedServers() {}

  /**
   * Starts what is not configured, puts its address into {@code resolved} and returns what was started, in start
   * order (the caller closes them in reverse).
   */
  public static List<AutoCloseable> start(Path home, Path dataDir, Settings base, Map<String, String> resolved) {
    boolean kafka = base.optional(KafkaConnection.BOOTSTRAP).isEmpty();
    boolean registry = base.optional(KafkaConnection.REGISTRY).isEmpty();
    DataDirPairing pairing = new DataDirPairing(dataDir.resolve("kafka"), dataDir.resolve("registry"));
    if (kafka && registry) {
      pairing.check();
    }
    String shareAs = shareAs(base);
    List<AutoCloseable> started = new ArrayList<>();
    try {
      if (kafka) {
        BrokerCertificate tls = shareAs != null && base.get(LauncherKeys.SHARE_TLS)
            ? BrokerCertificate.ensure(dataDir.resolve("kafka-tls"), shareAs) : null;
        EmbeddedKafka broker = EmbeddedKafka.start(dataDir.resolve("kafka"),
            Ports.preferred(base.get(LauncherKeys.KAFKA_PORT)), shareAs, shareAs == null ? null
            : dev.atmosphere.common.kafka.MeshCredential.password(base.get(CommonKeys.JOIN_CODE, "")), tls);
        started.add(broker);
        resolved.put(KafkaConnection.BOOTSTRAP, broker.bootstrapServers());
        if (broker.sharedBootstrap() != null) { // what `up` prints for the other machines
          resolved.put(dev.atmosphere.ops.Endpoints.SHARED_BOOTSTRAP, broker.sharedBootstrap());
        }
        if (tls != null) {
          resolved.put(dev.atmosphere.ops.Endpoints.SHARED_TLS_CA, tls.certificate().toAbsolutePath().toString());
        }
      }
      if (registry) {
        EmbeddedRegistry schemas = shareAs == null
            ? EmbeddedRegistry.startPreferring(EmbeddedRegistry.locateJar(home), base.get(LauncherKeys.REGISTRY_PORT),
                dataDir.resolve("registry"), dataDir.resolve("logs/registry.log"), Duration.ofSeconds(60), null)
            : EmbeddedRegistry.startShared(EmbeddedRegistry.locateJar(home), base.get(LauncherKeys.REGISTRY_PORT),
                dataDir.resolve("registry"), dataDir.resolve("logs/registry.log"), Duration.ofSeconds(60), shareAs,
                dev.atmosphere.common.kafka.MeshCredential.USER + ":"
                    + dev.atmosphere.common.kafka.MeshCredential.password(base.get(CommonKeys.JOIN_CODE, "")));
        started.add(schemas);
        resolved.put(KafkaConnection.REGISTRY, schemas.ccompatUrl());
      }
      if (kafka && registry) {
        pairing.pair();
      }
      return started;
    } catch (RuntimeException e) {
      for (int i = started.size() - 1; i >= 0; i--) {
        try {
          started.get(i).close();
        } catch (Exception suppressed) {
          e.addSuppressed(suppressed);
        }
      }
      throw e;
    }
  }

  /**
   * {@code embedded.share.as}: the name other machines reach this one at, to let them join this machine's broker and
   * registry. Sharing needs {@code mesh.join_code}: on the network the broker takes only the login the code derives
   * (the others set {@code kafka.auth: join_code}), and only nodes that prove the code enter routing. The registry's
   * door lets anyone on the network read schemas, and only this machine or that login add, change or delete them.
   */
  static String shareAs(Settings base) {
    String host = base.optional(LauncherKeys.SHARE_AS).map(String::strip).filter(h -> !h.isEmpty()).orElse(null);
    if (host == null) {
      return null;
    }
    if (!host.matches("[A-Za-z0-9.\\-]+")) {
      base.reject(LauncherKeys.SHARE_AS.name(), "must be a host name or IPv4 address other machines reach this one at");
    }
    if (base.optional(CommonKeys.JOIN_CODE).isEmpty()) {
      base.reject(LauncherKeys.SHARE_AS.name(), "needs mesh.join_code: the shared broker's login is derived from it, and "
          + "only nodes that prove it may enter routing");
    }
    base.validate();
    log.warn("sharing the embedded broker and registry as {}: the broker takes only the join code's login "
        + "(kafka.auth: join_code on the other machines){}; anyone may read the registry's schemas, only this machine and the join code's login change them", host,
        base.get(LauncherKeys.SHARE_TLS) ? ", over TLS" : " in clear text (--share-tls, or embedded.share_tls in the config, encrypts it)");
    return host;
  }
}
