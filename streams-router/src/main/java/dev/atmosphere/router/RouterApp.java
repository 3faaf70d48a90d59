package dev.atmosphere.router;

import dev.atmosphere.common.config.ConfigFiles;
import dev.atmosphere.common.embed.MiniLmEmbedder;
import dev.atmosphere.common.metrics.MetricsServer;
import java.util.concurrent.CountDownLatch;

/** Entry point of a stand-alone router: config from file + env, then run until SIGTERM. */
public final class RouterApp {

  private RouterApp() {}

  public static void main(String[] args) throws InterruptedException {
    dev.atmosphere.common.config.Settings settings = ConfigFiles.load(args);
    RouterConfig config = RouterConfig.from(settings);
    CountDownLatch stopped = new CountDownLatch(1);
    RouterService service = new RouterService(config, new MiniLmEmbedder(), MetricsServer.registryFor(settings)).start();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      service.close();
      stopped.countDown();
    }, "router-shutdown"));
    stopped.await();
  }
}
