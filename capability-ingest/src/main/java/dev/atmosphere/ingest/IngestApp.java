package dev.atmosphere.ingest;

import dev.atmosphere.common.config.ConfigFiles;
import dev.atmosphere.common.embed.MiniLmEmbedder;
import java.time.Clock;
import java.util.concurrent.CountDownLatch;

/** Entry point of a stand-alone node agent: config from file + env, then run until SIGTERM. */
public final class IngestApp {

  private IngestApp() {}

  public static void main(String[] args) throws InterruptedException {
    IngestConfig config = IngestConfig.from(ConfigFiles.load(args), System.getenv());
    CountDownLatch stopped = new CountDownLatch(1);
    NodeAgent agent = new NodeAgent(config, MiniLmEmbedder.MODEL_ID, LoadSource.idle(config.maxConcurrent()),
        Clock.systemUTC()).start();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      agent.close();
      stopped.countDown();
    }, "agent-shutdown"));
    stopped.await();
  }
}
