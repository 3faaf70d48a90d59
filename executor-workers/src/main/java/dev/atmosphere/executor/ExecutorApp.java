package dev.atmosphere.executor;

import dev.atmosphere.common.config.ConfigFiles;
import dev.atmosphere.common.embed.MiniLmEmbedder;
import java.time.Clock;
import java.util.concurrent.CountDownLatch;

/** Entry point of a stand-alone executor: config from file + env, then run until SIGTERM. */
public final class ExecutorApp {

  private ExecutorApp() {}

  public static void main(String[] args) throws InterruptedException {
    dev.atmosphere.common.config.Settings settings = ConfigFiles.load(args);
    ExecutorConfig config = ExecutorConfig.from(settings, System.getenv());
    dev.atmosphere.common.metrics.MetricsServer.ifConfigured(settings); // /metrics for Prometheus, until exit
    CountDownLatch stopped = new CountDownLatch(1);
    NodeExecutor executor = new NodeExecutor(config, new MiniLmEmbedder(), Clock.systemUTC()).start();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      executor.close();
      stopped.countDown();
    }, "executor-shutdown"));
    stopped.await();
  }
}
