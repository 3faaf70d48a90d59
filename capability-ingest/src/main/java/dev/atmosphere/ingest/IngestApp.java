package dev.atmosphere.ingest;

import dev.atmosphere.common.config.ConfigFiles;
import dev.atmosphere.common.embed.CachingEmbedder;
import dev.atmosphere.common.embed.MiniLmEmbedder;
import dev.atmosphere.common.identity.NodeIdentity;
import dev.atmosphere.gateway.Gateway;
import dev.atmosphere.schemas.NodeMode;
import java.time.Clock;
import java.util.concurrent.CountDownLatch;

/** Entry point of a stand-alone node agent: config from file + env, then run until SIGTERM. */
public final class IngestApp {

  private IngestApp() {}

  public static void main(String[] args) throws InterruptedException {
    NodeIdentity identity = IngestConfig.identity(ConfigFiles.load(args));
    var meters = dev.atmosphere.common.metrics.MetricsServer.registryFor(ConfigFiles.load(args)); // /metrics if set
    IngestConfig config = IngestConfig.from(ConfigFiles.load(args, System.getenv(),
        java.util.Map.of("node.id", identity.nodeId())), System.getenv());
    CountDownLatch stopped = new CountDownLatch(1);
    // cached: every discovery round maps the same projects again (a prompt and its parts are ~20 sentences each)
    NodeAgent agent = new NodeAgent(config, identity, new CachingEmbedder(new MiniLmEmbedder(), 5_000),
        LoadSource.idle(config.maxConcurrent()), Clock.systemUTC()).start();
    Gateway gateway = config.gateway().enabled()
        ? new Gateway(config.gateway().settings(config.nodeId(), config.mode() == NodeMode.PROVIDER),
            config.gateway().meshPort(config.connection(), config.topics(), Clock.systemUTC(), identity, meters), null,
            Clock.systemUTC(), meters).start()
        : null;
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      if (gateway != null) {
        gateway.close();
      }
      agent.close();
      stopped.countDown();
    }, "agent-shutdown"));
    stopped.await();
  }
}
