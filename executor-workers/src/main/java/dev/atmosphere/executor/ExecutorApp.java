package dev.atmosphere.executor;

import dev.atmosphere.common.config.CommonKeys;
import dev.atmosphere.common.config.ConfigFiles;
import dev.atmosphere.common.embed.MiniLmEmbedder;
import dev.atmosphere.common.identity.NodeIdentity;
import java.time.Clock;
import java.util.concurrent.CountDownLatch;

/**
 * Entry point of a stand-alone executor: config from file + env, then run until SIGTERM. It signs attempts with the
 * node agent's key, so it must share the agent's {@code identity.dir}.
 */
public final class ExecutorApp {

  private ExecutorApp() {}

  public static void main(String[] args) throws InterruptedException {
    dev.atmosphere.common.config.Settings settings = ConfigFiles.load(args);
    ExecutorConfig config = ExecutorConfig.from(settings, System.getenv());
    var meters = dev.atmosphere.common.metrics.MetricsServer.registryFor(settings); // /metrics when configured
    CountDownLatch stopped = new CountDownLatch(1);
    // the node agent's key (identity.dir): node.id is name-fingerprint, so the name is node.id without its fingerprint
    NodeIdentity identity = NodeIdentity.loadOrCreate(java.nio.file.Path.of(settings.get(CommonKeys.IDENTITY_DIR,
        java.nio.file.Path.of(System.getProperty("user.home"), ".atmosphere", "identity").toString())),
        config.nodeId().replaceFirst("-[0-9a-f]{16}$", ""), settings.optional(CommonKeys.JOIN_CODE));
    NodeExecutor executor = new NodeExecutor(config, identity, new MiniLmEmbedder(), Clock.systemUTC(), meters).start();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      executor.close();
      stopped.countDown();
    }, "executor-shutdown"));
    stopped.await();
  }
}
